using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cairn.Web.Platform.Data.Migrations.Sqlite
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
                    id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    tenant_id = table.Column<int>(type: "INTEGER", nullable: false),
                    slug = table.Column<string>(type: "TEXT", maxLength: 90, nullable: false),
                    title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    summary = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    steps = table.Column<string>(type: "TEXT", maxLength: 50000, nullable: false),
                    steps_html = table.Column<string>(type: "TEXT", nullable: false),
                    prep_minutes = table.Column<int>(type: "INTEGER", nullable: true),
                    cook_minutes = table.Column<int>(type: "INTEGER", nullable: true),
                    total_minutes = table.Column<int>(type: "INTEGER", nullable: true),
                    servings = table.Column<int>(type: "INTEGER", nullable: false),
                    cuisine = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    cuisine_key = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    diets = table.Column<int>(type: "INTEGER", nullable: false),
                    source_url = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    visibility = table.Column<int>(type: "INTEGER", nullable: false),
                    author_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    published_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    rating_count = table.Column<int>(type: "INTEGER", nullable: false, defaultValue: 0),
                    rating_sum = table.Column<int>(type: "INTEGER", nullable: false, defaultValue: 0),
                    rating_average = table.Column<double>(type: "REAL", nullable: false, computedColumnSql: "CASE WHEN rating_count = 0 THEN 0 ELSE CAST(rating_sum AS REAL) / rating_count END", stored: true),
                    food_words = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    cover = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true)
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
                    id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    tenant_id = table.Column<int>(type: "INTEGER", nullable: false),
                    owner_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false)
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
                    id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    tenant_id = table.Column<int>(type: "INTEGER", nullable: false),
                    recipe_id = table.Column<int>(type: "INTEGER", nullable: false),
                    author_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    body = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false)
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
                    recipe_id = table.Column<int>(type: "INTEGER", nullable: false),
                    user_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    tenant_id = table.Column<int>(type: "INTEGER", nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false)
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
                    id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    tenant_id = table.Column<int>(type: "INTEGER", nullable: false),
                    recipe_id = table.Column<int>(type: "INTEGER", nullable: false),
                    position = table.Column<int>(type: "INTEGER", nullable: false),
                    section = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    line = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    quantity = table.Column<double>(type: "REAL", nullable: true),
                    quantity_max = table.Column<double>(type: "REAL", nullable: true),
                    unit = table.Column<string>(type: "TEXT", maxLength: 10, nullable: true),
                    food = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    food_key = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    note = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false)
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
                    id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    tenant_id = table.Column<int>(type: "INTEGER", nullable: false),
                    recipe_id = table.Column<int>(type: "INTEGER", nullable: false),
                    token = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    extension = table.Column<string>(type: "TEXT", maxLength: 5, nullable: false),
                    width = table.Column<int>(type: "INTEGER", nullable: false),
                    height = table.Column<int>(type: "INTEGER", nullable: false),
                    position = table.Column<int>(type: "INTEGER", nullable: false),
                    is_cover = table.Column<bool>(type: "INTEGER", nullable: false),
                    caption = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false)
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
                    recipe_id = table.Column<int>(type: "INTEGER", nullable: false),
                    user_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    tenant_id = table.Column<int>(type: "INTEGER", nullable: false),
                    stars = table.Column<int>(type: "INTEGER", nullable: false),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false)
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
                    tenant_id = table.Column<int>(type: "INTEGER", nullable: false),
                    slug = table.Column<string>(type: "TEXT", maxLength: 90, nullable: false),
                    recipe_id = table.Column<int>(type: "INTEGER", nullable: false)
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
                    collection_id = table.Column<int>(type: "INTEGER", nullable: false),
                    recipe_id = table.Column<int>(type: "INTEGER", nullable: false),
                    tenant_id = table.Column<int>(type: "INTEGER", nullable: false),
                    added_at = table.Column<DateTime>(type: "TEXT", nullable: false)
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
                CREATE TRIGGER recipes_ratings_insert AFTER INSERT ON recipes_ratings BEGIN
                    UPDATE recipes SET rating_count = rating_count + 1, rating_sum = rating_sum + NEW.stars WHERE id = NEW.recipe_id;
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER recipes_ratings_update AFTER UPDATE OF stars ON recipes_ratings BEGIN
                    UPDATE recipes SET rating_sum = rating_sum + NEW.stars - OLD.stars WHERE id = NEW.recipe_id;
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER recipes_ratings_delete AFTER DELETE ON recipes_ratings BEGIN
                    UPDATE recipes SET rating_count = rating_count - 1, rating_sum = rating_sum - OLD.stars WHERE id = OLD.recipe_id;
                END;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS recipes_ratings_insert;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS recipes_ratings_update;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS recipes_ratings_delete;");

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
