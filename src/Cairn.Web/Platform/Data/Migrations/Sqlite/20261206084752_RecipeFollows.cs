using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cairn.Web.Platform.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class RecipeFollows : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "recipes_follows",
                columns: table => new
                {
                    tenant_id = table.Column<int>(type: "INTEGER", nullable: false),
                    follower_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    followee_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_recipes_follows", x => new { x.tenant_id, x.follower_id, x.followee_id });
                    table.ForeignKey(
                        name: "fk_recipes_follows_accounts_users_followee_id",
                        column: x => x.followee_id,
                        principalTable: "accounts_users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_recipes_follows_accounts_users_follower_id",
                        column: x => x.follower_id,
                        principalTable: "accounts_users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "recipes_member_settings",
                columns: table => new
                {
                    tenant_id = table.Column<int>(type: "INTEGER", nullable: false),
                    user_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    new_recipes = table.Column<int>(type: "INTEGER", nullable: false),
                    activity_emails = table.Column<bool>(type: "INTEGER", nullable: false),
                    share_favourites = table.Column<bool>(type: "INTEGER", nullable: false),
                    digest_until = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_recipes_member_settings", x => new { x.tenant_id, x.user_id });
                    table.ForeignKey(
                        name: "fk_recipes_member_settings_accounts_users_user_id",
                        column: x => x.user_id,
                        principalTable: "accounts_users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_recipes_follows_followee_id",
                table: "recipes_follows",
                column: "followee_id");

            migrationBuilder.CreateIndex(
                name: "ix_recipes_follows_follower_id",
                table: "recipes_follows",
                column: "follower_id");

            migrationBuilder.CreateIndex(
                name: "ix_recipes_follows_tenant_id_followee_id",
                table: "recipes_follows",
                columns: new[] { "tenant_id", "followee_id" });

            migrationBuilder.CreateIndex(
                name: "ix_recipes_member_settings_tenant_id",
                table: "recipes_member_settings",
                column: "tenant_id");

            migrationBuilder.CreateIndex(
                name: "ix_recipes_member_settings_user_id",
                table: "recipes_member_settings",
                column: "user_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "recipes_follows");

            migrationBuilder.DropTable(
                name: "recipes_member_settings");
        }
    }
}
