namespace Cairn.Web.Modules.Tasks;

/// <summary>The task module's tables on the one DbContext.</summary>
public static class TaskData
{
    extension(CairnDbContext db)
    {
        public DbSet<TaskItem> Tasks => db.Set<TaskItem>();
        public DbSet<TaskList> TaskLists => db.Set<TaskList>();
        public DbSet<TaskTag> TaskTags => db.Set<TaskTag>();
        public DbSet<TaskListCount> TaskListCounts => db.Set<TaskListCount>();
    }
}
