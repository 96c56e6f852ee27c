using Cairn.Tests.Infrastructure;
using Cairn.Tests.Modules.Blog;
using Cairn.Web.Modules.Tasks;

namespace Cairn.Tests.Modules.Tasks;

/// <summary>The task list costs a fixed number of SQL commands, however many rows, tags, lists and assignees it shows.</summary>
public sealed class TaskQueryCountTests(CountingApp app) : IClassFixture<CountingApp>
{
    [Theory]
    [InlineData("/tasks")]
    [InlineData("/tasks?status=open&sort=priority")]
    [InlineData("/tasks?tag=t1&due=week&assignee=none")]
    [InlineData("/tasks?q=task&sort=title&dir=desc")]
    [InlineData("/tasks/lists")]
    public async Task TaskPages_IssueTheSameNumberOfCommands_ForTwoTasksAndForTwenty(string path)
    {
        var owner = await app.CreateUserAsync(workspace: null);
        var ws = await app.CreateWorkspaceAsync(owner.Id, prefix: "tq");
        var member = await app.CreateUserAsync(ws);
        var others = new List<TestUser>();
        for (var i = 0; i < 3; i++) others.Add(await app.CreateUserAsync(ws));
        var lists = new List<int>();
        for (var i = 0; i < 4; i++) lists.Add(await TaskSeed.ListAsync(app, ws, i == 0 ? member.Id : owner.Id, $"List {i}", shared: i > 0));
        using var client = app.Browser(ws);
        await client.LogInAsync(member); // a Member: the visibility rule is the more complex one

        async Task SeedAsync(int from, int to)
        {
            for (var i = from; i < to; i++)
            {
                await TaskSeed.TaskAsync(app, ws, lists[i % lists.Count], i % 2 == 0 ? member.Id : owner.Id, $"Task {i}",
                    (TaskPriority)(i % 4), DateTime.UtcNow.AddDays(i % 5), done: i % 3 == 0,
                    assignee: i % 5 == 0 ? null : others[i % others.Count].Id, tags: ["t1", $"t{i + 2}"]);
            }
        }

        async Task<int> CommandsAsync()
        {
            await client.Http.GetAsync(path); // warm
            app.Commands.Reset();
            var response = await client.Http.GetAsync(path);
            response.EnsureSuccessStatusCode();
            return app.Commands.Count;
        }

        await SeedAsync(0, 2);
        var few = await CommandsAsync();
        await SeedAsync(2, 20);
        var many = await CommandsAsync();

        Assert.Equal(few, many);
        Assert.InRange(many, 3, 8);
    }
}
