using System.Net;
using Cairn.Tests.Infrastructure;
using Cairn.Web.Modules.Blog;
using Cairn.Web.Modules.Tasks;
using Microsoft.EntityFrameworkCore;

namespace Cairn.Tests.Platform;

/// <summary>Issue 11, item 2: on first run every module shows itself in the demo workspace with a few sample items.</summary>
public sealed class DemoContentTests(CairnApp app)
{
    [Fact]
    public async Task TheDemoWorkspace_HasAPostWithACommentAndTags_AndASharedListDueThisWeek()
    {
        var (scope, db) = await app.DbForAsync("demo");
        await using (scope)
        {
            var post = await db.Set<Post>().Include(p => p.Comments).Include(p => p.Tags).SingleAsync(p => p.Slug == "welcome-to-your-workspace");
            Assert.NotNull(post.PublishedAt);
            Assert.Single(post.Comments);
            Assert.Contains(post.Tags, t => t.Name == "welcome");
            Assert.Contains("<h2", post.BodyHtml, StringComparison.Ordinal);

            var list = await db.Set<TaskList>().Include(l => l.Tasks).SingleAsync(l => l.Name == "This week");
            Assert.True(list.IsShared);
            Assert.Equal(5, list.Tasks.Count);
            Assert.All(list.Tasks, t => Assert.InRange(t.DueAt!.Value, DateTime.UtcNow.Date, DateTime.UtcNow.Date.AddDays(7)));
            Assert.Single(list.Tasks, t => t.Status == TaskItemStatus.Done);
        }

        // And a visitor sees the post on the blog.
        using var client = app.Browser();
        var (response, page) = await client.GetAsync("/blog");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Welcome to your workspace", page.QuerySelector("[data-testid=post-list]")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithSeedDemoDataOff_NothingIsSeeded()
    {
        await using var bare = new CairnApp(new Dictionary<string, string?> { ["Cairn:SeedDemoData"] = "false" });
        await bare.InitializeAsync();
        var (scope, db) = await bare.DbForAsync(null);
        await using (scope)
        {
            Assert.False(await db.Tenants.AnyAsync());
            Assert.False(await db.Users.AnyAsync());
        }
    }
}
