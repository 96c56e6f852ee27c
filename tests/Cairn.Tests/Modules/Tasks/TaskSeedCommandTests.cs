using Cairn.Tests.Infrastructure;
using Cairn.Web.Modules.Tasks;
using Cairn.Web.Platform.Commands;
using Microsoft.EntityFrameworkCore;

namespace Cairn.Tests.Modules.Tasks;

/// <summary>The <c>tasks seed</c> command that bench/tasks.sh fills its workspace with.</summary>
public sealed class TaskSeedCommandTests(CairnApp app)
{
    private async Task<(int Exit, string Output, string Error)> Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await ManagementCommands.RunAsync(app.Services, args, output, error, new StringReader(""));
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Seed_FillsAWorkspaceWithMembersListsAndVariedTasks_ThatMembersCanSignInToSee()
    {
        var ws = await app.CreateWorkspaceAsync(prefix: "seed");
        var (exit, output, error) = await Run("tasks", "seed", "--workspace", ws, "--count", "300", "--users", "3", "--password", CairnApp.DefaultPassword);
        Assert.True(exit == 0, error);
        Assert.Contains("Seeded 300 tasks in 11 lists for 3 members", output, StringComparison.Ordinal);

        var (scope, db) = await app.DbForAsync(ws);
        await using (scope)
        {
            var tasks = db.Set<TaskItem>();
            Assert.Equal(300, await tasks.CountAsync());
            Assert.Equal(11, await db.Set<TaskList>().CountAsync());
            Assert.Equal(3, await db.Set<Cairn.Web.Platform.Tenancy.Membership>().CountAsync());
            // Varied enough for every filter to find something.
            Assert.True(await tasks.CountAsync(t => t.Status == TaskItemStatus.Done) is > 60 and < 240);
            Assert.True(await tasks.CountAsync(t => t.DueAt == null) is > 20 and < 150);
            Assert.Equal(4, await tasks.Select(t => t.Priority).Distinct().CountAsync());
            Assert.True(await tasks.CountAsync(t => t.Tags.Count > 0) > 100);
            Assert.True(await tasks.CountAsync(t => t.AssigneeId != null) > 80);
        }

        using var client = app.Browser(ws);
        await client.LogInAsync(new TestUser(Guid.Empty, $"seed2@{ws}.example.test", "", "", CairnApp.DefaultPassword));
        var titles = await TaskSeed.TitlesAsync(client, "/tasks?status=open");
        Assert.Equal(TaskQueries.PageSize, titles.Count);
    }

    [Fact]
    public async Task Seed_RefusesBadUsageWithOneLine()
    {
        var (missing, _, missingError) = await Run("tasks", "seed");
        Assert.Equal(2, missing);
        Assert.Contains("tasks needs --workspace", missingError, StringComparison.Ordinal);

        var (unknown, _, unknownError) = await Run("tasks", "seed", "--workspace", "no-such-workspace-here", "--count", "5");
        Assert.Equal(1, unknown);
        Assert.StartsWith("error: no workspace 'no-such-workspace-here'", unknownError, StringComparison.Ordinal);

        var ws = await app.CreateWorkspaceAsync(prefix: "usage");
        var (badCount, _, countError) = await Run("tasks", "seed", "--workspace", ws, "--count", "lots");
        Assert.Equal(2, badCount);
        Assert.Contains("--count must be a whole number", countError, StringComparison.Ordinal);

        var (help, output, _) = await Run("help");
        Assert.Equal(0, help);
        Assert.Contains("tasks seed --workspace W", output, StringComparison.Ordinal);
    }
}
