using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cairn.Web.Platform.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ShoppingLists : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "recipes_shopping_lists",
                columns: table => new
                {
                    id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    tenant_id = table.Column<int>(type: "INTEGER", nullable: false),
                    owner_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_recipes_shopping_lists", x => x.id);
                    table.ForeignKey(
                        name: "fk_recipes_shopping_lists_accounts_users_owner_id",
                        column: x => x.owner_id,
                        principalTable: "accounts_users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "recipes_meal_plan",
                columns: table => new
                {
                    id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    tenant_id = table.Column<int>(type: "INTEGER", nullable: false),
                    list_id = table.Column<int>(type: "INTEGER", nullable: false),
                    day = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    recipe_id = table.Column<int>(type: "INTEGER", nullable: false),
                    servings = table.Column<int>(type: "INTEGER", nullable: false),
                    added_by_id = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_recipes_meal_plan", x => x.id);
                    table.ForeignKey(
                        name: "fk_recipes_meal_plan_recipe_recipe_id",
                        column: x => x.recipe_id,
                        principalTable: "recipes",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_recipes_meal_plan_shopping_list_list_id",
                        column: x => x.list_id,
                        principalTable: "recipes_shopping_lists",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "recipes_shopping_items",
                columns: table => new
                {
                    id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    tenant_id = table.Column<int>(type: "INTEGER", nullable: false),
                    list_id = table.Column<int>(type: "INTEGER", nullable: false),
                    food = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    merge_key = table.Column<string>(type: "TEXT", maxLength: 220, nullable: false),
                    amount = table.Column<double>(type: "REAL", nullable: true),
                    unit = table.Column<string>(type: "TEXT", maxLength: 10, nullable: true),
                    aisle = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    @checked = table.Column<bool>(name: "checked", type: "INTEGER", nullable: false),
                    checked_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    sources = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_recipes_shopping_items", x => x.id);
                    table.ForeignKey(
                        name: "fk_recipes_shopping_items_shopping_list_list_id",
                        column: x => x.list_id,
                        principalTable: "recipes_shopping_lists",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "recipes_shopping_list_members",
                columns: table => new
                {
                    list_id = table.Column<int>(type: "INTEGER", nullable: false),
                    user_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    tenant_id = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_recipes_shopping_list_members", x => new { x.list_id, x.user_id });
                    table.ForeignKey(
                        name: "fk_recipes_shopping_list_members_accounts_users_user_id",
                        column: x => x.user_id,
                        principalTable: "accounts_users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_recipes_shopping_list_members_recipes_shopping_lists_list_id",
                        column: x => x.list_id,
                        principalTable: "recipes_shopping_lists",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_recipes_meal_plan_list_id_day",
                table: "recipes_meal_plan",
                columns: new[] { "list_id", "day" });

            migrationBuilder.CreateIndex(
                name: "ix_recipes_meal_plan_recipe_id",
                table: "recipes_meal_plan",
                column: "recipe_id");

            migrationBuilder.CreateIndex(
                name: "ix_recipes_meal_plan_tenant_id",
                table: "recipes_meal_plan",
                column: "tenant_id");

            migrationBuilder.CreateIndex(
                name: "ix_recipes_shopping_items_list_id_checked",
                table: "recipes_shopping_items",
                columns: new[] { "list_id", "checked" });

            migrationBuilder.CreateIndex(
                name: "ix_recipes_shopping_items_tenant_id",
                table: "recipes_shopping_items",
                column: "tenant_id");

            migrationBuilder.CreateIndex(
                name: "ix_recipes_shopping_items_unchecked",
                table: "recipes_shopping_items",
                columns: new[] { "list_id", "merge_key" },
                unique: true,
                filter: "checked = 0");

            migrationBuilder.CreateIndex(
                name: "ix_recipes_shopping_list_members_tenant_id_user_id",
                table: "recipes_shopping_list_members",
                columns: new[] { "tenant_id", "user_id" });

            migrationBuilder.CreateIndex(
                name: "ix_recipes_shopping_list_members_user_id",
                table: "recipes_shopping_list_members",
                column: "user_id");

            migrationBuilder.CreateIndex(
                name: "ix_recipes_shopping_lists_owner_id",
                table: "recipes_shopping_lists",
                column: "owner_id");

            migrationBuilder.CreateIndex(
                name: "ix_recipes_shopping_lists_tenant_id_owner_id",
                table: "recipes_shopping_lists",
                columns: new[] { "tenant_id", "owner_id" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "recipes_meal_plan");

            migrationBuilder.DropTable(
                name: "recipes_shopping_items");

            migrationBuilder.DropTable(
                name: "recipes_shopping_list_members");

            migrationBuilder.DropTable(
                name: "recipes_shopping_lists");
        }
    }
}
