using Cairn.Tests.Infrastructure;
using Cairn.Web.Modules.Tasks;
using Microsoft.EntityFrameworkCore;

namespace Cairn.Tests.Modules.Tasks;

/// <summary>Writes task rows straight through the app's DbContext, inside a workspace.</summary>
internal static class TaskSeed
{
    public static async Task<int> ListAsync(CairnApp app, string workspace, Guid ownerId, string name, bool shared = false)
    {
        var (scope, db) = await app.DbForAsync(workspace);
        await using (scope)
        {
            var list = new TaskList { Name = name, OwnerId = ownerId, IsShared = shared };
            db.Add(list);
            await db.SaveChangesAsync();
            return list.Id;
        }
    }

    public static async Task<int> TaskAsync(CairnApp app, string workspace, int listId, Guid createdBy, string title,
        TaskPriority priority = TaskPriority.Normal, DateTime? dueAt = null, bool done = false, Guid? assignee = null,
        DateTime? createdAt = null, string notes = "", params string[] tags)
    {
        var (scope, db) = await app.DbForAsync(workspace);
        await using (scope)
        {
            var task = new TaskItem
            {
                Title = title, ListId = listId, CreatedById = createdBy, Priority = priority, DueAt = dueAt,
                AssigneeId = assignee, Notes = notes, CreatedAt = createdAt ?? DateTime.UtcNow,
            };
            if (done) task.MarkDone(DateTime.UtcNow);
            var existing = await db.Set<TaskTag>().Where(t => tags.Contains(t.Name)).ToListAsync();
            foreach (var name in tags) task.Tags.Add(existing.FirstOrDefault(t => t.Name == name) ?? new TaskTag { Name = name });
            db.Add(task);
            await db.SaveChangesAsync();
            return task.Id;
        }
    }

    public static async Task<TaskItem?> FindAsync(CairnApp app, string workspace, int id)
    {
        var (scope, db) = await app.DbForAsync(workspace);
        await using (scope)
        {
            return await db.Set<TaskItem>().AsNoTracking().Include(t => t.Tags).FirstOrDefaultAsync(t => t.Id == id);
        }
    }

    /// <summary>The titles on a task list page, top to bottom.</summary>
    public static async Task<List<string>> TitlesAsync(PageClient client, string path)
    {
        var (response, page) = await client.GetAsync(path);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        return page.QuerySelectorAll("[data-testid=task-title]").Select(a => a.TextContent.Trim()).ToList();
    }
}
