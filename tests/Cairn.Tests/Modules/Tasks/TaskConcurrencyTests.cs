using System.Globalization;
using System.Net;
using Cairn.Tests.Infrastructure;
using Cairn.Web.Modules.Tasks;
using Microsoft.EntityFrameworkCore;

namespace Cairn.Tests.Modules.Tasks;

/// <summary>Issue 10, item 14: bulk actions that run at the same time over the same lists all succeed, and the counters stay right.</summary>
public sealed class TaskConcurrencyTests(CairnApp app)
{
    [Fact]
    public async Task ParallelBulkActions_OverTheSameLists_AllSucceed_AndTheCountsStayExact()
    {
        var owner = await app.CreateUserAsync(workspace: null);
        var ws = await app.CreateWorkspaceAsync(owner.Id, prefix: "tconc");
        var lists = new List<int>();
        for (var i = 0; i < 6; i++) lists.Add(await TaskSeed.ListAsync(app, ws, owner.Id, $"List {i}"));
        var ids = new List<int>();
        var (scope, db) = await app.DbForAsync(ws);
        await using (scope)
        {
            // Interleaved over the lists, so that each statement meets the lists' counter rows in its own order.
            var tasks = Enumerable.Range(0, 360).Select(i => new TaskItem
            {
                Title = $"Task {i}", ListId = lists[(i * 7 + i / 6) % lists.Count], CreatedById = owner.Id,
                Priority = (TaskPriority)(i % 3), CreatedAt = DateTime.UtcNow,
            }).ToList();
            db.AddRange(tasks);
            await db.SaveChangesAsync();
            ids.AddRange(tasks.Select(t => t.Id));
        }

        var clients = Enumerable.Range(0, 6).Select(_ => app.Browser(ws)).ToList();
        foreach (var client in clients) await client.LogInAsync(owner);
        var tokens = new List<string>();
        foreach (var client in clients) tokens.Add(await client.AntiforgeryTokenAsync("/tasks"));
        var random = new Random(14);
        for (var round = 0; round < 4; round++)
        {
            // Six at once: moves into every list and marking done, each over an overlapping third of the tasks.
            var requests = clients.Select((client, i) =>
            {
                var fields = ids.OrderBy(_ => random.Next()).Take(120).Select(id => new KeyValuePair<string, string>("ids", id.ToString(CultureInfo.InvariantCulture))).ToList();
                fields.Add(new("operation", i % 3 == 2 ? "done" : "move"));
                fields.Add(new("target", lists[(i + round) % lists.Count].ToString(CultureInfo.InvariantCulture)));
                fields.Add(new("confirmed", "true"));
                fields.Add(new("__RequestVerificationToken", tokens[i]));
                return client.Http.PostAsync("/tasks/bulk", new FormUrlEncodedContent(fields));
            }).ToList();
            var answers = await Task.WhenAll(requests);
            Assert.All(answers, a => Assert.Equal(HttpStatusCode.Redirect, a.StatusCode));
        }

        foreach (var client in clients)
        {
            var (_, page) = await client.GetAsync("/tasks");
            Assert.DoesNotContain("went wrong", page.Body!.TextContent, StringComparison.OrdinalIgnoreCase);
            client.Dispose();
        }

        var (checkScope, check) = await app.DbForAsync(ws);
        await using (checkScope)
        {
            var actual = await check.Set<TaskItem>().GroupBy(t => new { t.ListId, t.Status, t.Priority })
                .Select(g => new { g.Key.ListId, g.Key.Status, g.Key.Priority, Count = g.Count() }).ToListAsync();
            var counted = await check.Set<TaskListCount>().Where(c => c.TaskCount != 0)
                .Select(c => new { c.ListId, c.Status, c.Priority, Count = c.TaskCount }).ToListAsync();
            Assert.Equal(actual.OrderBy(c => c.ListId).ThenBy(c => c.Status).ThenBy(c => c.Priority), counted.OrderBy(c => c.ListId).ThenBy(c => c.Status).ThenBy(c => c.Priority));
            Assert.Equal(360, actual.Sum(c => c.Count));
        }
    }
}
