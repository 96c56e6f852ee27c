using Cairn.Tests.Infrastructure;
using Cairn.Web.Modules.Tasks;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Cairn.Tests.Modules.Tasks;

/// <summary>The per-list counters the task counts read are kept by triggers through every kind of write.</summary>
public sealed class TaskListCountTests(CairnApp app)
{
    [Fact]
    public async Task Counters_FollowInsertsUpdatesBulkSqlDeletesAndListDeletion()
    {
        var owner = await app.CreateUserAsync(workspace: null);
        var ws = await app.CreateWorkspaceAsync(owner.Id, prefix: "count");
        var home = await TaskSeed.ListAsync(app, ws, owner.Id, "Home");
        var work = await TaskSeed.ListAsync(app, ws, owner.Id, "Work", shared: true);
        var ids = new List<int>();
        for (var i = 0; i < 9; i++)
            ids.Add(await TaskSeed.TaskAsync(app, ws, i % 3 == 0 ? work : home, owner.Id, $"Task {i}", (TaskPriority)(i % 4), done: i % 4 == 1));
        await AssertCountersMatchAsync(ws, expectedTotal: 9);

        var (scope, db) = await app.DbForAsync(ws);
        await using (scope)
        {
            // Through the change tracker: done, a new priority, a new list, and a change the counters ignore.
            var first = await db.Tasks.SingleAsync(t => t.Id == ids[0]);
            first.MarkDone(DateTime.UtcNow);
            first.Priority = TaskPriority.Urgent;
            var second = await db.Tasks.SingleAsync(t => t.Id == ids[1]);
            second.ListId = work;
            second.Title = "Renamed";
            await db.SaveChangesAsync();
        }

        await AssertCountersMatchAsync(ws, expectedTotal: 9);

        (scope, db) = await app.DbForAsync(ws);
        await using (scope)
        {
            // Bulk SQL, as the bulk actions run it.
            await db.Tasks.Where(t => t.ListId == home).ExecuteUpdateAsync(set => set.SetProperty(t => t.Status, TaskItemStatus.Done));
            await db.Tasks.Where(t => ids.Take(4).Contains(t.Id)).ExecuteUpdateAsync(set => set.SetProperty(t => t.ListId, home));
            await db.Tasks.Where(t => t.Id == ids[8]).ExecuteDeleteAsync();
        }

        await AssertCountersMatchAsync(ws, expectedTotal: 8);

        (scope, db) = await app.DbForAsync(ws);
        await using (scope)
        {
            db.Remove(await db.Tasks.SingleAsync(t => t.Id == ids[7]));
            await db.SaveChangesAsync();
            await db.TaskLists.Where(l => l.Id == work).ExecuteDeleteAsync(); // its tasks and counters go with it
        }

        await AssertCountersMatchAsync(ws, expectedTotal: (await TaskCountAsync(ws)));
        (scope, db) = await app.DbForAsync(ws);
        await using (scope) Assert.False(await db.TaskListCounts.AnyAsync(c => c.ListId == work));
    }

    [Fact]
    public async Task TheMigration_FillsTheCountersFromTasksThatAlreadyExist_AndItsDownPathRemovesThem()
    {
        await using var own = new CairnApp(); // its own database: this test migrates it down and up again
        await own.InitializeAsync();
        var owner = await own.CreateUserAsync(workspace: null);
        var ws = await own.CreateWorkspaceAsync(owner.Id, prefix: "migr");
        var list = await TaskSeed.ListAsync(own, ws, owner.Id, "Older");
        await TaskSeed.TaskAsync(own, ws, list, owner.Id, "Before", TaskPriority.High);

        var (scope, db) = await own.DbForAsync(ws);
        await using (scope)
        {
            var migrator = db.GetInfrastructure().GetRequiredService<Microsoft.EntityFrameworkCore.Migrations.IMigrator>();
            var before = db.Database.GetMigrations().TakeWhile(m => !m.EndsWith("_TaskListCounts", StringComparison.Ordinal)).Last();
            await migrator.MigrateAsync(before); // the counters and their triggers are gone
            for (var i = 0; i < 5; i++)
                db.Add(new TaskItem { Title = $"Written without counters {i}", ListId = list, CreatedById = owner.Id, Priority = (TaskPriority)(i % 2), Status = (TaskItemStatus)(i % 2) });
            await db.SaveChangesAsync();
            await migrator.MigrateAsync(); // and back: the migration counts what is there
        }

        await AssertCountersMatchAsync(own, ws, expectedTotal: 6);
    }

    private async Task<int> TaskCountAsync(string ws)
    {
        var (scope, db) = await app.DbForAsync(ws);
        await using (scope) return await db.Tasks.CountAsync();
    }

    /// <summary>The counters (read through the workspace's filter, so their tenant is right) equal the tasks grouped.</summary>
    private Task AssertCountersMatchAsync(string ws, int expectedTotal) => AssertCountersMatchAsync(app, ws, expectedTotal);

    private static async Task AssertCountersMatchAsync(CairnApp app, string ws, int expectedTotal)
    {
        var (scope, db) = await app.DbForAsync(ws);
        await using (scope)
        {
            var grouped = await db.Tasks.GroupBy(t => new { t.ListId, t.Status, t.Priority })
                .Select(g => new { g.Key.ListId, g.Key.Status, g.Key.Priority, Count = g.Count() }).ToListAsync();
            var counters = await db.TaskListCounts.Where(c => c.TaskCount != 0).ToListAsync();
            Assert.Equal(
                grouped.Select(g => $"{g.ListId}/{g.Status}/{g.Priority}: {g.Count}").Order(),
                counters.Select(c => $"{c.ListId}/{c.Status}/{c.Priority}: {c.TaskCount}").Order());
            Assert.Equal(expectedTotal, counters.Sum(c => c.TaskCount));
            Assert.DoesNotContain(await db.TaskListCounts.ToListAsync(), c => c.TaskCount < 0);
        }
    }
}
