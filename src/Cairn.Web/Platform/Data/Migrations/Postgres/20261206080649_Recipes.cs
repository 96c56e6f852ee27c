using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;
using NpgsqlTypes;

#nullable disable

namespace Cairn.Web.Platform.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Recipes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "recipes",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    tenant_id = table.Column<int>(type: "integer", nullable: false),
                    slug = table.Column<string>(type: "character varying(90)", maxLength: 90, nullable: false),
                    title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    summary = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    steps = table.Column<string>(type: "character varying(50000)", maxLength: 50000, nullable: false),
                    steps_html = table.Column<string>(type: "text", nullable: false),
                    prep_minutes = table.Column<int>(type: "integer", nullable: true),
                    cook_minutes = table.Column<int>(type: "integer", nullable: true),
                    total_minutes = table.Column<int>(type: "integer", nullable: true),
                    servings = table.Column<int>(type: "integer", nullable: false),
                    cuisine = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    cuisine_key = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    diets = table.Column<int>(type: "integer", nullable: false),
                    source_url = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    visibility = table.Column<int>(type: "integer", nullable: false),
                    author_id = table.Column<Guid>(type: "uuid", nullable: false),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    published_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    rating_count = table.Column<int>(type: "integer", nullable: false, defaultValue: 0),
                    rating_sum = table.Column<int>(type: "integer", nullable: false, defaultValue: 0),
                    rating_average = table.Column<double>(type: "double precision", nullable: false, computedColumnSql: "CASE WHEN rating_count = 0 THEN 0 ELSE rating_sum::double precision / rating_count END", stored: true),
                    food_words = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    cover = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    food_vector = table.Column<NpgsqlTsVector>(type: "tsvector", nullable: true, computedColumnSql: "to_tsvector('simple', food_words)", stored: true),
                    search_vector = table.Column<NpgsqlTsVector>(type: "tsvector", nullable: true, computedColumnSql: "setweight(to_tsvector('english', coalesce(title, '')), 'A') || setweight(to_tsvector('english', coalesce(summary, '')), 'B') || setweight(to_tsvector('english', coalesce(cuisine, '') || ' ' || coalesce(food_words, '')), 'C')", stored: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_recipes", x => x.id);
                    table.ForeignKey(
                        name: "fk_recipes_accounts_users_author_id",
                        column: x => x.author_id,
                        principalTable: "accounts_users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "recipes_collections",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    tenant_id = table.Column<int>(type: "integer", nullable: false),
                    owner_id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_recipes_collections", x => x.id);
                    table.ForeignKey(
                        name: "fk_recipes_collections_accounts_users_owner_id",
                        column: x => x.owner_id,
                        principalTable: "accounts_users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "recipes_comments",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    tenant_id = table.Column<int>(type: "integer", nullable: false),
                    recipe_id = table.Column<int>(type: "integer", nullable: false),
                    author_id = table.Column<Guid>(type: "uuid", nullable: false),
                    body = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_recipes_comments", x => x.id);
                    table.ForeignKey(
                        name: "fk_recipes_comments_accounts_users_author_id",
                        column: x => x.author_id,
                        principalTable: "accounts_users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_recipes_comments_recipe_recipe_id",
                        column: x => x.recipe_id,
                        principalTable: "recipes",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "recipes_favourites",
                columns: table => new
                {
                    recipe_id = table.Column<int>(type: "integer", nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    tenant_id = table.Column<int>(type: "integer", nullable: false),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_recipes_favourites", x => new { x.recipe_id, x.user_id });
                    table.ForeignKey(
                        name: "fk_recipes_favourites_accounts_users_user_id",
                        column: x => x.user_id,
                        principalTable: "accounts_users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_recipes_favourites_recipes_recipe_id",
                        column: x => x.recipe_id,
                        principalTable: "recipes",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "recipes_ingredients",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    tenant_id = table.Column<int>(type: "integer", nullable: false),
                    recipe_id = table.Column<int>(type: "integer", nullable: false),
                    position = table.Column<int>(type: "integer", nullable: false),
                    section = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    line = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    quantity = table.Column<double>(type: "double precision", nullable: true),
                    quantity_max = table.Column<double>(type: "double precision", nullable: true),
                    unit = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: true),
                    food = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    food_key = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    note = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_recipes_ingredients", x => x.id);
                    table.ForeignKey(
                        name: "fk_recipes_ingredients_recipes_recipe_id",
                        column: x => x.recipe_id,
                        principalTable: "recipes",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "recipes_photos",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    tenant_id = table.Column<int>(type: "integer", nullable: false),
                    recipe_id = table.Column<int>(type: "integer", nullable: false),
                    token = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    extension = table.Column<string>(type: "character varying(5)", maxLength: 5, nullable: false),
                    width = table.Column<int>(type: "integer", nullable: false),
                    height = table.Column<int>(type: "integer", nullable: false),
                    position = table.Column<int>(type: "integer", nullable: false),
                    is_cover = table.Column<bool>(type: "boolean", nullable: false),
                    caption = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_recipes_photos", x => x.id);
                    table.ForeignKey(
                        name: "fk_recipes_photos_recipes_recipe_id",
                        column: x => x.recipe_id,
                        principalTable: "recipes",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "recipes_ratings",
                columns: table => new
                {
                    recipe_id = table.Column<int>(type: "integer", nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    tenant_id = table.Column<int>(type: "integer", nullable: false),
                    stars = table.Column<int>(type: "integer", nullable: false),
                    updated_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_recipes_ratings", x => new { x.recipe_id, x.user_id });
                    table.ForeignKey(
                        name: "fk_recipes_ratings_accounts_users_user_id",
                        column: x => x.user_id,
                        principalTable: "accounts_users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_recipes_ratings_recipes_recipe_id",
                        column: x => x.recipe_id,
                        principalTable: "recipes",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "recipes_slug_history",
                columns: table => new
                {
                    tenant_id = table.Column<int>(type: "integer", nullable: false),
                    slug = table.Column<string>(type: "character varying(90)", maxLength: 90, nullable: false),
                    recipe_id = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_recipes_slug_history", x => new { x.tenant_id, x.slug });
                    table.ForeignKey(
                        name: "fk_recipes_slug_history_recipes_recipe_id",
                        column: x => x.recipe_id,
                        principalTable: "recipes",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "recipes_collection_items",
                columns: table => new
                {
                    collection_id = table.Column<int>(type: "integer", nullable: false),
                    recipe_id = table.Column<int>(type: "integer", nullable: false),
                    tenant_id = table.Column<int>(type: "integer", nullable: false),
                    added_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_recipes_collection_items", x => new { x.collection_id, x.recipe_id });
                    table.ForeignKey(
                        name: "fk_recipes_collection_items_recipe_recipe_id",
                        column: x => x.recipe_id,
                        principalTable: "recipes",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_recipes_collection_items_recipes_collections_collection_id",
                        column: x => x.collection_id,
                        principalTable: "recipes_collections",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_recipes_author_id",
                table: "recipes",
                column: "author_id");

            migrationBuilder.CreateIndex(
                name: "ix_recipes_food_vector",
                table: "recipes",
                column: "food_vector")
                .Annotation("Npgsql:IndexMethod", "GIN");

            migrationBuilder.CreateIndex(
                name: "ix_recipes_search_vector",
                table: "recipes",
                column: "search_vector")
                .Annotation("Npgsql:IndexMethod", "GIN");

            migrationBuilder.CreateIndex(
                name: "ix_recipes_tenant_id_author_id_created_at",
                table: "recipes",
                columns: new[] { "tenant_id", "author_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_recipes_tenant_id_created_at",
                table: "recipes",
                columns: new[] { "tenant_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_recipes_tenant_id_cuisine_key",
                table: "recipes",
                columns: new[] { "tenant_id", "cuisine_key" });

            migrationBuilder.CreateIndex(
                name: "ix_recipes_tenant_id_rating_average_rating_count",
                table: "recipes",
                columns: new[] { "tenant_id", "rating_average", "rating_count" });

            migrationBuilder.CreateIndex(
                name: "ix_recipes_tenant_id_slug",
                table: "recipes",
                columns: new[] { "tenant_id", "slug" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_recipes_tenant_id_total_minutes",
                table: "recipes",
                columns: new[] { "tenant_id", "total_minutes" });

            migrationBuilder.CreateIndex(
                name: "ix_recipes_tenant_id_visibility_published_at",
                table: "recipes",
                columns: new[] { "tenant_id", "visibility", "published_at" });

            migrationBuilder.CreateIndex(
                name: "ix_recipes_collection_items_recipe_id",
                table: "recipes_collection_items",
                column: "recipe_id");

            migrationBuilder.CreateIndex(
                name: "ix_recipes_collection_items_tenant_id",
                table: "recipes_collection_items",
                column: "tenant_id");

            migrationBuilder.CreateIndex(
                name: "ix_recipes_collections_owner_id",
                table: "recipes_collections",
                column: "owner_id");

            migrationBuilder.CreateIndex(
                name: "ix_recipes_collections_tenant_id_owner_id_name",
                table: "recipes_collections",
                columns: new[] { "tenant_id", "owner_id", "name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_recipes_comments_author_id",
                table: "recipes_comments",
                column: "author_id");

            migrationBuilder.CreateIndex(
                name: "ix_recipes_comments_recipe_id_created_at",
                table: "recipes_comments",
                columns: new[] { "recipe_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_recipes_comments_tenant_id",
                table: "recipes_comments",
                column: "tenant_id");

            migrationBuilder.CreateIndex(
                name: "ix_recipes_favourites_tenant_id_user_id_created_at",
                table: "recipes_favourites",
                columns: new[] { "tenant_id", "user_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_recipes_favourites_user_id",
                table: "recipes_favourites",
                column: "user_id");

            migrationBuilder.CreateIndex(
                name: "ix_recipes_ingredients_recipe_id_position",
                table: "recipes_ingredients",
                columns: new[] { "recipe_id", "position" });

            migrationBuilder.CreateIndex(
                name: "ix_recipes_ingredients_tenant_id",
                table: "recipes_ingredients",
                column: "tenant_id");

            migrationBuilder.CreateIndex(
                name: "ix_recipes_photos_recipe_id_position",
                table: "recipes_photos",
                columns: new[] { "recipe_id", "position" });

            migrationBuilder.CreateIndex(
                name: "ix_recipes_photos_tenant_id_token",
                table: "recipes_photos",
                columns: new[] { "tenant_id", "token" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_recipes_ratings_tenant_id_user_id",
                table: "recipes_ratings",
                columns: new[] { "tenant_id", "user_id" });

            migrationBuilder.CreateIndex(
                name: "ix_recipes_ratings_user_id",
                table: "recipes_ratings",
                column: "user_id");

            migrationBuilder.CreateIndex(
                name: "ix_recipes_slug_history_recipe_id",
                table: "recipes_slug_history",
                column: "recipe_id");

            migrationBuilder.CreateIndex(
                name: "ix_recipes_slug_history_tenant_id",
                table: "recipes_slug_history",
                column: "tenant_id");

            // A recipe's rating count and sum, kept by the database as ratings come and go (RecipeSchema.RatingTriggers).
            migrationBuilder.Sql("""
                CREATE FUNCTION recipes_rating_totals() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_OP = 'INSERT' THEN
                        UPDATE recipes SET rating_count = rating_count + 1, rating_sum = rating_sum + NEW.stars WHERE id = NEW.recipe_id;
                    ELSIF TG_OP = 'UPDATE' THEN
                        UPDATE recipes SET rating_sum = rating_sum + NEW.stars - OLD.stars WHERE id = NEW.recipe_id;
                    ELSE
                        UPDATE recipes SET rating_count = rating_count - 1, rating_sum = rating_sum - OLD.stars WHERE id = OLD.recipe_id;
                    END IF;
                    RETURN NULL;
                END $$;
                CREATE TRIGGER recipes_ratings_insert AFTER INSERT ON recipes_ratings FOR EACH ROW EXECUTE FUNCTION recipes_rating_totals();
                CREATE TRIGGER recipes_ratings_update AFTER UPDATE OF stars ON recipes_ratings FOR EACH ROW EXECUTE FUNCTION recipes_rating_totals();
                CREATE TRIGGER recipes_ratings_delete AFTER DELETE ON recipes_ratings FOR EACH ROW EXECUTE FUNCTION recipes_rating_totals();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS recipes_ratings_insert ON recipes_ratings;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS recipes_ratings_update ON recipes_ratings;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS recipes_ratings_delete ON recipes_ratings;");
            migrationBuilder.Sql("DROP FUNCTION IF EXISTS recipes_rating_totals();");

            migrationBuilder.DropTable(
                name: "recipes_collection_items");

            migrationBuilder.DropTable(
                name: "recipes_comments");

            migrationBuilder.DropTable(
                name: "recipes_favourites");

            migrationBuilder.DropTable(
                name: "recipes_ingredients");

            migrationBuilder.DropTable(
                name: "recipes_photos");

            migrationBuilder.DropTable(
                name: "recipes_ratings");

            migrationBuilder.DropTable(
                name: "recipes_slug_history");

            migrationBuilder.DropTable(
                name: "recipes_collections");

            migrationBuilder.DropTable(
                name: "recipes");
        }
    }
}
