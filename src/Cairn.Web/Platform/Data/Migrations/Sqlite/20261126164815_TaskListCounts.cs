using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cairn.Web.Platform.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class TaskListCounts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "tasks_list_counts",
                columns: table => new
                {
                    list_id = table.Column<int>(type: "INTEGER", nullable: false),
                    status = table.Column<int>(type: "INTEGER", nullable: false),
                    priority = table.Column<int>(type: "INTEGER", nullable: false),
                    tenant_id = table.Column<int>(type: "INTEGER", nullable: false),
                    task_count = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_tasks_list_counts", x => new { x.list_id, x.status, x.priority });
                    table.ForeignKey(
                        name: "fk_tasks_list_counts_tasks_lists_list_id",
                        column: x => x.list_id,
                        principalTable: "tasks_lists",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_tasks_list_counts_tenant_id",
                table: "tasks_list_counts",
                column: "tenant_id");

            Cairn.Web.Modules.Tasks.TaskCountTriggers.Install(migrationBuilder);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            Cairn.Web.Modules.Tasks.TaskCountTriggers.Remove(migrationBuilder);

            migrationBuilder.DropTable(
                name: "tasks_list_counts");
        }
    }
}
