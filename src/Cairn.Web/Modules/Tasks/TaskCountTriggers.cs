using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Cairn.Web.Modules.Tasks;

/// <summary>
/// The triggers that keep <c>tasks_list_counts</c> equal to <c>tasks_items</c> grouped by list, status and
/// priority, for each provider; installed (and the counts filled in) by a migration. A task leaving a bucket
/// takes one off it; a task entering one adds one, creating the row when it is the first.
/// </summary>
public static class TaskCountTriggers
{
    public static readonly string[] Names = ["tasks_items_count_insert", "tasks_items_count_delete", "tasks_items_count_update"];

    private const string Backfill = """
        INSERT INTO tasks_list_counts (list_id, status, priority, tenant_id, task_count)
        SELECT list_id, status, priority, tenant_id, COUNT(*) FROM tasks_items GROUP BY list_id, status, priority, tenant_id;
        """;

    public static void Install(MigrationBuilder migration)
    {
        if (migration.IsNpgsql())
        {
            migration.Sql("""
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
        }
        else
        {
            const string Enter = """
                INSERT INTO tasks_list_counts (list_id, status, priority, tenant_id, task_count)
                VALUES (NEW.list_id, NEW.status, NEW.priority, NEW.tenant_id, 1)
                ON CONFLICT (list_id, status, priority) DO UPDATE SET task_count = task_count + 1;
                """;
            const string Leave = """
                UPDATE tasks_list_counts SET task_count = task_count - 1
                WHERE list_id = OLD.list_id AND status = OLD.status AND priority = OLD.priority;
                """;
            migration.Sql($"CREATE TRIGGER tasks_items_count_insert AFTER INSERT ON tasks_items BEGIN {Enter} END;");
            migration.Sql($"CREATE TRIGGER tasks_items_count_delete AFTER DELETE ON tasks_items BEGIN {Leave} END;");
            migration.Sql($"""
                CREATE TRIGGER tasks_items_count_update AFTER UPDATE OF list_id, status, priority ON tasks_items
                WHEN OLD.list_id <> NEW.list_id OR OLD.status <> NEW.status OR OLD.priority <> NEW.priority
                BEGIN {Leave} {Enter} END;
                """);
        }

        migration.Sql(Backfill);
    }

    public static void Remove(MigrationBuilder migration)
    {
        foreach (var name in Names)
            migration.Sql(migration.IsNpgsql() ? $"DROP TRIGGER IF EXISTS {name} ON tasks_items;" : $"DROP TRIGGER IF EXISTS {name};");
        if (migration.IsNpgsql()) migration.Sql("DROP FUNCTION IF EXISTS tasks_count_change();");
    }
}
