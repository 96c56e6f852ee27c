using Cairn.Web.Platform;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cairn.Web.Modules.Tasks;

// Tables tasks_*: one configuration per entity, found by CairnDbContext (see docs/modules.md, "Tables").

/// <summary>Names the task tables share with queries.</summary>
internal static class TaskSchema
{
    public const string SearchVectorColumn = "SearchVector";
}

/// <summary>The <c>tasks_lists</c> table.</summary>
internal sealed class TaskListConfiguration : IEntityTypeConfiguration<TaskList>
{
    public void Configure(EntityTypeBuilder<TaskList> list)
    {
        list.ToTable("tasks_lists");
        list.Property(l => l.Name).HasMaxLength(TaskList.MaxNameLength);
        list.HasIndex(l => new { l.TenantId, l.OwnerId });
        list.HasIndex(l => new { l.TenantId, l.IsShared });
        list.HasOne(l => l.Owner).WithMany().HasForeignKey(l => l.OwnerId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>The <c>tasks_items</c> table, <c>tasks_item_tags</c>, and the indexes the task list's filters and sorts are answered from.</summary>
internal sealed class TaskItemConfiguration(DatabaseProvider provider) : IEntityTypeConfiguration<TaskItem>
{
    public void Configure(EntityTypeBuilder<TaskItem> task)
    {
        // The triggers that keep tasks_list_counts (TaskCountTriggers); declared so EF Core writes around them.
        task.ToTable("tasks_items", table =>
        {
            foreach (var trigger in TaskCountTriggers.Names) table.HasTrigger(trigger);
        });
        task.Property(t => t.Title).HasMaxLength(TaskItem.MaxTitleLength);
        task.Property(t => t.Notes).HasMaxLength(TaskItem.MaxNotesLength);
        task.HasOne(t => t.List).WithMany(l => l.Tasks).HasForeignKey(t => t.ListId).OnDelete(DeleteBehavior.Cascade)
            .HasConstraintName("fk_tasks_items_tasks_lists_list_id"); // names are history: kept as first migrated
        task.HasOne(t => t.Assignee).WithMany().HasForeignKey(t => t.AssigneeId).OnDelete(DeleteBehavior.SetNull);
        task.HasOne(t => t.CreatedBy).WithMany().HasForeignKey(t => t.CreatedById).OnDelete(DeleteBehavior.Cascade);

        // Every query is per workspace (the tenant filter), so each index leads with tenant_id; status comes
        // next because almost every view asks for open or done tasks, then the sort column.
        task.HasIndex(t => new { t.TenantId, t.Status, t.DueAt });
        task.HasIndex(t => new { t.TenantId, t.Status, t.Priority, t.DueAt });
        task.HasIndex(t => new { t.TenantId, t.Status, t.CreatedAt });
        task.HasIndex(t => new { t.TenantId, t.Status, t.Title });
        task.HasIndex(t => new { t.TenantId, t.DueAt });
        // The reminder job's question, across workspaces: open tasks by due time.
        task.HasIndex(t => t.DueAt, "OpenDueAt").HasDatabaseName("ix_tasks_items_open_due_at").HasFilter("status = 0");
        // Who sees what: a list's tasks, your assignments, what you created. On PostgreSQL these also carry
        // (INCLUDE) the other columns the counts read, so each part of a member's view is counted from its
        // index alone (an index-only scan), never from the table.
        var byList = task.HasIndex(t => new { t.ListId, t.Status, t.DueAt });
        var byAssignee = task.HasIndex(t => new { t.AssigneeId, t.Status, t.DueAt });
        var byCreator = task.HasIndex(t => new { t.CreatedById, t.Status, t.DueAt });
        if (provider == DatabaseProvider.Postgres)
        {
            byList.IncludeProperties(t => new { t.Priority, t.TenantId });
            byAssignee.IncludeProperties(t => new { t.Priority, t.TenantId, t.ListId });
            byCreator.IncludeProperties(t => new { t.Priority, t.TenantId, t.ListId, t.AssigneeId });
        }

        if (provider == DatabaseProvider.Postgres)
        {
            task.Property<NpgsqlTypes.NpgsqlTsVector>(TaskSchema.SearchVectorColumn)
                .HasComputedColumnSql(
                    "setweight(to_tsvector('english', coalesce(title, '')), 'A') || " +
                    "setweight(to_tsvector('english', coalesce(notes, '')), 'B')", stored: true);
            task.HasIndex(TaskSchema.SearchVectorColumn).HasMethod("GIN");
        }

        task.HasMany(t => t.Tags).WithMany(tag => tag.Tasks).UsingEntity("tasks_item_tags",
            right => right.HasOne(typeof(TaskTag)).WithMany().HasForeignKey("TagId").OnDelete(DeleteBehavior.Cascade),
            left => left.HasOne(typeof(TaskItem)).WithMany().HasForeignKey("TaskId").OnDelete(DeleteBehavior.Cascade),
            join =>
            {
                join.HasKey("TaskId", "TagId");
                join.HasIndex("TagId", "TaskId");
            });
    }
}

/// <summary>The <c>tasks_list_counts</c> table (kept by triggers).</summary>
internal sealed class TaskListCountConfiguration : IEntityTypeConfiguration<TaskListCount>
{
    public void Configure(EntityTypeBuilder<TaskListCount> count)
    {
        count.ToTable("tasks_list_counts");
        count.HasKey(c => new { c.ListId, c.Status, c.Priority });
        count.HasOne<TaskList>().WithMany().HasForeignKey(c => c.ListId).OnDelete(DeleteBehavior.Cascade);
        count.HasIndex(c => c.TenantId);
    }
}

/// <summary>The <c>tasks_tags</c> table.</summary>
internal sealed class TaskTagConfiguration : IEntityTypeConfiguration<TaskTag>
{
    public void Configure(EntityTypeBuilder<TaskTag> tag)
    {
        tag.ToTable("tasks_tags");
        tag.Property(t => t.Name).HasMaxLength(TaskTag.MaxNameLength);
        tag.HasIndex(t => new { t.TenantId, t.Name }).IsUnique();
    }
}
