using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cairn.Web.Platform.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class OneTagRule : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Blog tags follow the platform's one tag rule (lower case, as task tags already were): a post's links to
            // "Stone" move to "stone" (the workspace's first tag of that name in any case), the spare tags go, and the
            // rest are lowered.
            migrationBuilder.Sql("""
                INSERT INTO "blog_post_tags" ("post_id", "tag_id")
                SELECT DISTINCT pt."post_id", k."keep"
                FROM "blog_post_tags" pt
                JOIN "blog_tags" t ON t."id" = pt."tag_id"
                JOIN (SELECT "tenant_id", lower("name") AS "lowered", MIN("id") AS "keep" FROM "blog_tags" GROUP BY "tenant_id", lower("name")) k
                  ON k."tenant_id" = t."tenant_id" AND k."lowered" = lower(t."name")
                WHERE t."id" <> k."keep"
                  AND NOT EXISTS (SELECT 1 FROM "blog_post_tags" x WHERE x."post_id" = pt."post_id" AND x."tag_id" = k."keep");
                """);
            migrationBuilder.Sql("""
                DELETE FROM "blog_post_tags"
                WHERE "tag_id" IN (SELECT t."id" FROM "blog_tags" t WHERE EXISTS (
                    SELECT 1 FROM "blog_tags" o WHERE o."tenant_id" = t."tenant_id" AND lower(o."name") = lower(t."name") AND o."id" < t."id"));
                """);
            migrationBuilder.Sql("""
                DELETE FROM "blog_tags"
                WHERE EXISTS (SELECT 1 FROM "blog_tags" o WHERE o."tenant_id" = "blog_tags"."tenant_id" AND lower(o."name") = lower("blog_tags"."name") AND o."id" < "blog_tags"."id");
                """);
            migrationBuilder.Sql("""UPDATE "blog_tags" SET "name" = lower("name") WHERE "name" <> lower("name");""");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Lower-cased names and merged tags stay as they are: the old spellings are not kept anywhere.
        }
    }
}
