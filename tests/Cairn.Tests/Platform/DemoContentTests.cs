using System.Net;
using Cairn.Tests.Infrastructure;
using Cairn.Web.Modules.Blog;
using Cairn.Web.Modules.Chat;
using Cairn.Web.Modules.Recipes;
using Cairn.Web.Modules.Tasks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Cairn.Tests.Platform;

/// <summary>Issue 11, item 2: on first run every module shows itself in the demo workspace with a few sample items.</summary>
public sealed class DemoContentTests(CairnApp app)
{
    [Fact]
    public async Task TheDemoWorkspace_HasAGeneralChannel_WithMessagesAndAThread()
    {
        var (scope, db) = await app.DbForAsync("demo");
        await using (scope)
        {
            var general = await db.Set<Conversation>().SingleAsync(c => c.Name == "general");
            Assert.Equal(ConversationKind.Public, general.Kind);
            var messages = await db.Set<ChatMessage>().Where(m => m.ConversationId == general.Id).OrderBy(m => m.Seq).ToListAsync();
            Assert.Equal(3, messages.Count(m => m.ThreadRootId is null));
            Assert.Equal(2, messages[0].ReplyCount);
            Assert.Equal(2, messages.Count(m => m.ThreadRootId == messages[0].Id));
            // Numbered without a gap, from the join to the last reply.
            Assert.Equal(Enumerable.Range(1, (int)general.LastSeq).Select(n => (long)n), await db.Set<ChatEvent>().Where(e => e.ConversationId == general.Id).OrderBy(e => e.Seq).Select(e => e.Seq).ToListAsync());
        }
    }

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
    public async Task TheDemoWorkspace_HasRecipesWithPhotosARatingAndAShoppingList()
    {
        // Prepared in one go: a seeding that failed half-way is not tried again (the demo account exists by then).
        var startup = app.Services.GetRequiredService<Cairn.Web.Platform.Data.DatabaseStartup>();
        Assert.True(startup.FirstFailure is null, startup.FirstFailure?.ToString());
        var (scope, db) = await app.DbForAsync("demo");
        await using (scope)
        {
            var recipes = await db.Set<Recipe>().Include(r => r.Photos).Include(r => r.Ingredients).OrderBy(r => r.Id).ToListAsync();
            Assert.Equal(["weeknight-tomato-soup", "buttermilk-pancakes"], recipes.Select(r => r.Slug));
            Assert.All(recipes, r => Assert.Single(r.Photos, p => p.IsCover));
            Assert.Equal((1, 5.0), (recipes[0].RatingCount, recipes[0].RatingAverage));
            Assert.Equal(["Dry", "Wet"], recipes[1].Ingredients.Select(i => i.Section).Distinct());
            var items = await db.Set<ShoppingItem>().CountAsync();
            Assert.Equal(recipes[0].Ingredients.Count, items);
        }

        // A visitor sees the public soup and its photo.
        using var client = app.Browser();
        var (response, page) = await client.GetAsync("/recipes/weeknight-tomato-soup");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.Http.GetAsync(page.QuerySelector("[data-testid=photo]")!.GetAttribute("src"))).StatusCode);
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
