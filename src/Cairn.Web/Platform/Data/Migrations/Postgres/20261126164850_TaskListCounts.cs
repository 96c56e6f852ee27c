using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cairn.Web.Platform.Data.Migrations.Postgres
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
                    list_id = table.Column<int>(type: "integer", nullable: false),
                    status = table.Column<int>(type: "integer", nullable: false),
                    priority = table.Column<int>(type: "integer", nullable: false),
                    tenant_id = table.Column<int>(type: "integer", nullable: false),
                    task_count = table.Column<int>(type: "integer", nullable: false)
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

            // The triggers that keep tasks_list_counts equal to tasks_items grouped by list, status and priority,
            // then the counts filled in. Written out here: a migration is frozen history and calls no module code.
            migrationBuilder.Sql("""
                CREATE FUNCTION tasks_count_change() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_OP IN ('UPDATE', 'DELETE') THEN
                        UPDATE tasks_list_counts SET task_count = task_count - 1
                        WHERE list_id = OLD.list_id AND status = OLD.status AND priority = OLD.priority;
                    END IF;
                    IF TG_OP IN ('UPDATE', 'INSERT') THEN
                        INSERT INTO tasks_list_counts (list_id, status, priority, tenant_id, task_count)
                        VALUES (NEW.list_id, NEW.status, NEW.priority, NEW.tenant_id, 1)
                        ON CONFLICT (list_id, status, priority) DO UPDATE SET task_count = tasks_list_counts.task_count + 1;
                    END IF;
                    RETURN NULL;
                END $$;
                CREATE TRIGGER tasks_items_count_insert AFTER INSERT ON tasks_items
                    FOR EACH ROW EXECUTE FUNCTION tasks_count_change();
                CREATE TRIGGER tasks_items_count_delete AFTER DELETE ON tasks_items
                    FOR EACH ROW EXECUTE FUNCTION tasks_count_change();
                CREATE TRIGGER tasks_items_count_update AFTER UPDATE OF list_id, status, priority ON tasks_items
                    FOR EACH ROW WHEN (OLD.list_id <> NEW.list_id OR OLD.status <> NEW.status OR OLD.priority <> NEW.priority)
                    EXECUTE FUNCTION tasks_count_change();
                """);
            migrationBuilder.Sql("""
                INSERT INTO tasks_list_counts (list_id, status, priority, tenant_id, task_count)
                SELECT list_id, status, priority, tenant_id, COUNT(*) FROM tasks_items GROUP BY list_id, status, priority, tenant_id;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS tasks_items_count_insert ON tasks_items;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS tasks_items_count_delete ON tasks_items;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS tasks_items_count_update ON tasks_items;");
            migrationBuilder.Sql("DROP FUNCTION IF EXISTS tasks_count_change();");

            migrationBuilder.DropTable(
                name: "tasks_list_counts");
        }
    }
}
