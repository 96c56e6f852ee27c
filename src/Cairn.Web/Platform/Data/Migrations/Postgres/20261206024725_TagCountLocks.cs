using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cairn.Web.Platform.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class TagCountLocks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // A link's trigger now locks its post's row (FOR SHARE) before reading the post's status. Without the
            // lock, a link added while another transaction published the post was counted by neither: the link's
            // trigger saw a draft, and the publishing trigger counted the links it could see, not the uncommitted
            // one. With it, publishing waits for the link's transaction (and a link waits for a publishing one),
            // so one of the two triggers always sees the other's row. PostgreSQL only: SQLite has one writer at a time.
            // The counts are then recomputed, mending any count the race left wrong.
            migrationBuilder.Sql("""
                CREATE OR REPLACE FUNCTION blog_tag_count_link() RETURNS trigger LANGUAGE plpgsql AS $$
                DECLARE
                    post_status text;
                BEGIN
                    -- The row is locked whatever its status: a draft's lock is what makes its publishing wait.
                    SELECT status INTO post_status FROM blog_posts
                    WHERE id = CASE WHEN TG_OP = 'INSERT' THEN NEW.post_id ELSE OLD.post_id END FOR SHARE;
                    IF post_status = 'Published' THEN
                        UPDATE blog_tags SET published_posts = published_posts + (CASE WHEN TG_OP = 'INSERT' THEN 1 ELSE -1 END)
                        WHERE id = CASE WHEN TG_OP = 'INSERT' THEN NEW.tag_id ELSE OLD.tag_id END;
                    END IF;
                    RETURN NULL;
                END $$;
                """);
            migrationBuilder.Sql("""
                UPDATE blog_tags AS t SET published_posts = (
                    SELECT COUNT(*) FROM blog_post_tags AS pt JOIN blog_posts AS p ON p.id = pt.post_id
                    WHERE pt.tag_id = t.id AND p.status = 'Published');
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE OR REPLACE FUNCTION blog_tag_count_link() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_OP = 'INSERT' THEN
                        UPDATE blog_tags SET published_posts = published_posts + 1
                        WHERE id = NEW.tag_id AND EXISTS (SELECT 1 FROM blog_posts WHERE id = NEW.post_id AND status = 'Published');
                    ELSE
                        UPDATE blog_tags SET published_posts = published_posts - 1
                        WHERE id = OLD.tag_id AND EXISTS (SELECT 1 FROM blog_posts WHERE id = OLD.post_id AND status = 'Published');
                    END IF;
                    RETURN NULL;
                END $$;
                """);
        }
    }
}
