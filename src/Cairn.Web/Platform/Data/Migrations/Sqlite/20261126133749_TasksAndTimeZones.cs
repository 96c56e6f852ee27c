using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cairn.Web.Platform.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class TasksAndTimeZones : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "time_zone",
                table: "accounts_users",
                type: "TEXT",
                maxLength: 64,
                nullable: false,
                defaultValue: "UTC");

            migrationBuilder.CreateTable(
                name: "tasks_lists",
                columns: table => new
                {
                    id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    tenant_id = table.Column<int>(type: "INTEGER", nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    is_shared = table.Column<bool>(type: "INTEGER", nullable: false),
                    owner_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_tasks_lists", x => x.id);
                    table.ForeignKey(
                        name: "fk_tasks_lists_accounts_users_owner_id",
                        column: x => x.owner_id,
                        principalTable: "accounts_users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "tasks_tags",
                columns: table => new
                {
                    id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    tenant_id = table.Column<int>(type: "INTEGER", nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_tasks_tags", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "tasks_items",
                columns: table => new
                {
                    id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    tenant_id = table.Column<int>(type: "INTEGER", nullable: false),
                    list_id = table.Column<int>(type: "INTEGER", nullable: false),
                    title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    notes = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: false),
                    notes_html = table.Column<string>(type: "TEXT", nullable: false),
                    due_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    priority = table.Column<int>(type: "INTEGER", nullable: false),
                    status = table.Column<int>(type: "INTEGER", nullable: false),
                    completed_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    assignee_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    created_by_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_tasks_items", x => x.id);
                    table.ForeignKey(
                        name: "fk_tasks_items_accounts_users_assignee_id",
                        column: x => x.assignee_id,
                        principalTable: "accounts_users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "fk_tasks_items_accounts_users_created_by_id",
                        column: x => x.created_by_id,
                        principalTable: "accounts_users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_tasks_items_tasks_lists_list_id",
                        column: x => x.list_id,
                        principalTable: "tasks_lists",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "tasks_item_tags",
                columns: table => new
                {
                    task_id = table.Column<int>(type: "INTEGER", nullable: false),
                    tag_id = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_tasks_item_tags", x => new { x.task_id, x.tag_id });
                    table.ForeignKey(
                        name: "fk_tasks_item_tags_task_tag_tag_id",
                        column: x => x.tag_id,
                        principalTable: "tasks_tags",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_tasks_item_tags_tasks_items_task_id",
                        column: x => x.task_id,
                        principalTable: "tasks_items",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_tasks_item_tags_tag_id_task_id",
                table: "tasks_item_tags",
                columns: new[] { "tag_id", "task_id" });

            migrationBuilder.CreateIndex(
                name: "ix_tasks_items_assignee_id_status_due_at",
                table: "tasks_items",
                columns: new[] { "assignee_id", "status", "due_at" });

            migrationBuilder.CreateIndex(
                name: "ix_tasks_items_created_by_id_status_due_at",
                table: "tasks_items",
                columns: new[] { "created_by_id", "status", "due_at" });

            migrationBuilder.CreateIndex(
                name: "ix_tasks_items_list_id_status_due_at",
                table: "tasks_items",
                columns: new[] { "list_id", "status", "due_at" });

            migrationBuilder.CreateIndex(
                name: "ix_tasks_items_tenant_id_due_at",
                table: "tasks_items",
                columns: new[] { "tenant_id", "due_at" });

            migrationBuilder.CreateIndex(
                name: "ix_tasks_items_tenant_id_status_created_at",
                table: "tasks_items",
                columns: new[] { "tenant_id", "status", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_tasks_items_tenant_id_status_due_at",
                table: "tasks_items",
                columns: new[] { "tenant_id", "status", "due_at" });

            migrationBuilder.CreateIndex(
                name: "ix_tasks_items_tenant_id_status_priority_due_at",
                table: "tasks_items",
                columns: new[] { "tenant_id", "status", "priority", "due_at" });

            migrationBuilder.CreateIndex(
                name: "ix_tasks_items_tenant_id_status_title",
                table: "tasks_items",
                columns: new[] { "tenant_id", "status", "title" });

            migrationBuilder.CreateIndex(
                name: "ix_tasks_lists_owner_id",
                table: "tasks_lists",
                column: "owner_id");

            migrationBuilder.CreateIndex(
                name: "ix_tasks_lists_tenant_id_is_shared",
                table: "tasks_lists",
                columns: new[] { "tenant_id", "is_shared" });

            migrationBuilder.CreateIndex(
                name: "ix_tasks_lists_tenant_id_owner_id",
                table: "tasks_lists",
                columns: new[] { "tenant_id", "owner_id" });

            migrationBuilder.CreateIndex(
                name: "ix_tasks_tags_tenant_id_name",
                table: "tasks_tags",
                columns: new[] { "tenant_id", "name" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "tasks_item_tags");

            migrationBuilder.DropTable(
                name: "tasks_tags");

            migrationBuilder.DropTable(
                name: "tasks_items");

            migrationBuilder.DropTable(
                name: "tasks_lists");

            migrationBuilder.DropColumn(
                name: "time_zone",
                table: "accounts_users");
        }
    }
}
