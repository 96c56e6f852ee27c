using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cairn.Web.Platform.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class TagCounts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "published_posts",
                table: "blog_tags",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            // The triggers that keep blog_tags.published_posts equal to the published posts carrying the tag, then
            // the counts filled in. Written out here: a migration is frozen history and calls no module code.
            // A post's delete takes its links off first (BEFORE); the links its cascade deletes then find no
            // published post, so nothing is counted twice.
            migrationBuilder.Sql("""
                CREATE FUNCTION blog_tag_count_link() RETURNS trigger LANGUAGE plpgsql AS $$
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
                CREATE TRIGGER blog_post_tags_count_insert AFTER INSERT ON blog_post_tags
                    FOR EACH ROW EXECUTE FUNCTION blog_tag_count_link();
                CREATE TRIGGER blog_post_tags_count_delete AFTER DELETE ON blog_post_tags
                    FOR EACH ROW EXECUTE FUNCTION blog_tag_count_link();

                CREATE FUNCTION blog_tag_count_post() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_OP = 'DELETE' THEN
                        UPDATE blog_tags SET published_posts = published_posts - 1
                        WHERE id IN (SELECT tag_id FROM blog_post_tags WHERE post_id = OLD.id);
                        RETURN OLD;
                    END IF;
                    UPDATE blog_tags SET published_posts = published_posts + (CASE WHEN NEW.status = 'Published' THEN 1 ELSE -1 END)
                    WHERE id IN (SELECT tag_id FROM blog_post_tags WHERE post_id = NEW.id);
                    RETURN NULL;
                END $$;
                CREATE TRIGGER blog_posts_tag_count_delete BEFORE DELETE ON blog_posts
                    FOR EACH ROW WHEN (OLD.status = 'Published') EXECUTE FUNCTION blog_tag_count_post();
                CREATE TRIGGER blog_posts_tag_count_status AFTER UPDATE OF status ON blog_posts
                    FOR EACH ROW WHEN ((OLD.status = 'Published') <> (NEW.status = 'Published')) EXECUTE FUNCTION blog_tag_count_post();
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
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS blog_post_tags_count_insert ON blog_post_tags;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS blog_post_tags_count_delete ON blog_post_tags;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS blog_posts_tag_count_delete ON blog_posts;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS blog_posts_tag_count_status ON blog_posts;");
            migrationBuilder.Sql("DROP FUNCTION IF EXISTS blog_tag_count_link();");
            migrationBuilder.Sql("DROP FUNCTION IF EXISTS blog_tag_count_post();");

            migrationBuilder.DropColumn(
                name: "published_posts",
                table: "blog_tags");
        }
    }
}
