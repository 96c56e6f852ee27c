using Microsoft.EntityFrameworkCore;
using System.Data.Common;
using System.Net;
using System.Text;
using Cairn.Tests.Infrastructure;
using Cairn.Web.Modules.Recipes;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using static Cairn.Tests.Modules.Recipes.RecipeKit;

namespace Cairn.Tests.Modules.Recipes;

/// <summary>
/// Issue 14, caching (roadmap week 12): recipe pages and lists in the data cache and, for visitors, the output cache;
/// shared by two instances through a real Redis; one load for a hundred cold readers; Redis stopped mid-run.
/// </summary>
public sealed class RecipeCacheTests
{
    private static Dictionary<string, string?> WithRedis(string redis, string prefix) => new()
    {
        ["ConnectionStrings:Redis"] = redis,
        ["Cairn:RateLimits:KeyPrefix"] = prefix,
    };

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task<string> TextOfAsync(PageClient client, string path)
    {
        var (response, page) = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return page.QuerySelector("main")!.TextContent;
    }

    [Fact]
    public async Task TwoInstancesOnOneRedis_SeeAnEditOnEitherAtOnce_InPagesListsAndVisitorsCopies()
    {
        var prefix = $"test-{Guid.NewGuid():N}";
        await using var first = new CairnApp(WithRedis(TestRedis.Address(), prefix));
        await first.InitializeAsync();
        await using var second = new CairnApp(WithRedis(TestRedis.Address(), prefix), first.DataDirectory, first.Database);
        await second.InitializeAsync();

        var (ws, owner, ownerOnFirst) = await SignedInOwnerAsync(first, "rcp-cache");
        using var _ = ownerOnFirst;
        var member = await first.CreateUserAsync(ws);
        var soup = await CreateAsync(first, ws, owner.Id, Input("Nettle soup", "500 g nettles\n1 onion", visibility: RecipeVisibility.Public));
        using var memberOnSecond = second.Browser(ws);
        await memberOnSecond.LogInAsync(member);
        using var visitorOnSecond = second.Browser(ws);

        // The second instance reads (and caches) the page, the list and the visitors' copy.
        Assert.DoesNotContain("Picked in April", await TextOfAsync(memberOnSecond, "/recipes/nettle-soup"));
        Assert.Contains("Nettle soup", await TextOfAsync(memberOnSecond, "/recipes"));
        Assert.DoesNotContain("Picked in April", await TextOfAsync(visitorOnSecond, "/recipes/nettle-soup"));
        var again = await visitorOnSecond.Http.GetAsync("/recipes/nettle-soup");
        Assert.True(again.Headers.Age is not null, "a visitor's second read comes from the output cache: " + again.Headers);
        var visitorsCopy = await again.Content.ReadAsStringAsync();
        Assert.DoesNotContain("__RequestVerificationToken", visitorsCopy); // nobody's form token in a shared copy

        // An edit through the first instance's API: the second shows it on its very next answer, to members and visitors.
        using var api = await first.ApiClientAsync(ws, owner);
        var patch = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/recipes/{soup.Id}") { Content = Json("""{"summary": "Picked in April, with gloves.", "title": "Spring nettle soup"}""") };
        Assert.Equal(HttpStatusCode.OK, (await api.Http.SendAsync(patch)).StatusCode);
        var renamed = (await FindAsync(first, ws, "spring-nettle-soup"))?.Slug ?? "nettle-soup";
        Assert.Contains("Picked in April", await TextOfAsync(memberOnSecond, $"/recipes/{renamed}"));
        Assert.Contains("Spring nettle soup", await TextOfAsync(memberOnSecond, "/recipes"));
        Assert.Contains("Picked in April", await TextOfAsync(visitorOnSecond, $"/recipes/{renamed}"));

        // A comment and a rating through the first instance's page: on the second's page at once.
        var page = $"/recipes/{renamed}";
        Assert.Equal(HttpStatusCode.Redirect, (await ownerOnFirst.SubmitAsync(page, new Dictionary<string, string> { ["CommentBody"] = "Blanch them first." }, "form[data-testid=comment-form]")).StatusCode);
        Assert.Contains("Blanch them first.", await TextOfAsync(memberOnSecond, page));
        Assert.Contains("Blanch them first.", await TextOfAsync(visitorOnSecond, page));
        var rated = await api.Http.PutAsync($"/api/v1/recipes/{soup.Id}/rating", Json("""{"stars": 4}"""));
        Assert.Equal(HttpStatusCode.OK, rated.StatusCode);
        Assert.Contains("★ 4.0 from 1 rating", await TextOfAsync(memberOnSecond, page));
        // And a changed rating (an update EF does not track) too.
        Assert.Equal(HttpStatusCode.OK, (await api.Http.PutAsync($"/api/v1/recipes/{soup.Id}/rating", Json("""{"stars": 2}"""))).StatusCode);
        Assert.Contains("★ 2.0 from 1 rating", await TextOfAsync(memberOnSecond, page));

        // Deleted on the first: gone on the second, from the page and the list.
        Assert.Equal(HttpStatusCode.NoContent, (await api.Http.DeleteAsync($"/api/v1/recipes/{soup.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await memberOnSecond.GetAsync(page)).Response.StatusCode);
        Assert.DoesNotContain("nettle soup", await TextOfAsync(memberOnSecond, "/recipes"), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task AHundredConcurrentReadsOfAColdRecipe_LoadItFromTheDatabaseOnce()
    {
        await using var app = new RecipeLoadCountingApp();
        await app.InitializeAsync();
        var (ws, owner, client) = await SignedInOwnerAsync(app, "rcp-stampede");
        using var _ = client;
        await CreateAsync(app, ws, owner.Id, Input("Stampede stew", "1 kg beef\n2 carrots"));
        app.Loads.Reset();

        var answers = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => client.Http.GetAsync("/recipes/stampede-stew")));
        Assert.All(answers, answer => Assert.Equal(HttpStatusCode.OK, answer.StatusCode));
        Assert.All(await Task.WhenAll(answers.Select(a => a.Content.ReadAsStringAsync())), html => Assert.Contains("Stampede stew", html));
        Assert.Equal(1, app.Loads.Count);

        // Warm: more reads load nothing; a comment makes it stale, and the next reads load it once again.
        await client.GetAsync("/recipes/stampede-stew");
        Assert.Equal(1, app.Loads.Count);
        await client.SubmitAsync("/recipes/stampede-stew", new Dictionary<string, string> { ["CommentBody"] = "Needs more carrots." }, "form[data-testid=comment-form]");
        var loadsAfterComment = app.Loads.Count; // the comment's own redirect target is not read yet
        await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => client.Http.GetAsync("/recipes/stampede-stew")));
        Assert.Equal(loadsAfterComment + 1, app.Loads.Count);
        Assert.Contains("Needs more carrots.", await TextOfAsync(client, "/recipes/stampede-stew"));
    }

    [Fact]
    public async Task RedisStoppedMidRun_PagesComeFromTheDatabase_TheLogSaysSoOnce_AndNothingStaleComesBack()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var app = new LoggedApp(WithRedis(redis.Address + ",connectTimeout=500,syncTimeout=500,asyncTimeout=500", $"test-{Guid.NewGuid():N}"));
        await app.InitializeAsync();
        var (ws, owner, client) = await SignedInOwnerAsync(app, "rcp-outage");
        using var _ = client;
        using var visitor = app.Browser(ws);
        var pie = await CreateAsync(app, ws, owner.Id, Input("Rhubarb pie", "500 g rhubarb", visibility: RecipeVisibility.Public));
        Assert.Contains("Rhubarb pie", await TextOfAsync(client, "/recipes/rhubarb-pie"));
        Assert.Contains("Rhubarb pie", await TextOfAsync(client, "/recipes/rhubarb-pie")); // cached, in memory and in Redis
        Assert.Contains("Rhubarb pie", await TextOfAsync(visitor, "/recipes/rhubarb-pie"));

        await redis.StopAsync();
        // An edit while Redis is away (its invalidation cannot reach Redis), then reads: all from the database, all fresh.
        await RenameAsync(app, ws, pie.Id, "Rhubarb and ginger pie");
        for (var i = 0; i < 5; i++)
        {
            Assert.Contains("Rhubarb and ginger pie", await TextOfAsync(client, "/recipes/rhubarb-pie"));
            Assert.Contains("Rhubarb and ginger pie", await TextOfAsync(client, "/recipes"));
            Assert.Contains("Rhubarb and ginger pie", await TextOfAsync(visitor, "/recipes/rhubarb-pie"));
        }

        // Said once by each cache, not per request.
        Assert.Single(app.Logs.Lines, l => l.Level == LogLevel.Warning && l.Message.StartsWith("Redis is unreachable: the data cache", StringComparison.Ordinal));
        Assert.Single(app.Logs.Lines, l => l.Level == LogLevel.Warning && l.Message.StartsWith("Redis is unreachable: the output cache", StringComparison.Ordinal));

        // Redis back (empty, as after a crash): the cache is used again, and what it held before the outage is not served.
        await redis.StartAgainAsync();
        await Eventually.Until(async () =>
        {
            Assert.Contains("Rhubarb and ginger pie", await TextOfAsync(client, "/recipes/rhubarb-pie"));
            return app.Logs.Lines.Any(l => l.Message.StartsWith("Redis is reachable again: the data cache", StringComparison.Ordinal));
        }, "the data cache to find Redis again", TimeSpan.FromSeconds(30));
        await RenameAsync(app, ws, pie.Id, "Rhubarb, ginger and custard pie");
        Assert.Contains("Rhubarb, ginger and custard pie", await TextOfAsync(client, "/recipes/rhubarb-pie"));
        Assert.Single(app.Logs.Lines, l => l.Message.StartsWith("Redis is unreachable: the data cache", StringComparison.Ordinal));
    }

    // An edit as the recipe form makes it: a saved change to the recipe's row (the slug stays: only its title changes here).
    private static async Task RenameAsync(CairnApp app, string workspace, int id, string title)
    {
        var (scope, db) = await app.DbForAsync(workspace);
        await using (scope)
        {
            var recipe = await db.Set<Recipe>().FirstAsync(r => r.Id == id);
            recipe.Title = title;
            await db.SaveChangesAsync();
        }
    }
}

/// <summary>Counts the loads of a recipe for its page: the queries that read a recipe's ingredients.</summary>
public sealed class RecipeLoadCounter : DbCommandInterceptor
{
    private int _count;

    public int Count => Volatile.Read(ref _count);

    public void Reset() => Interlocked.Exchange(ref _count, 0);

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        if (command.CommandText.Contains("recipes_ingredients", StringComparison.Ordinal)) Interlocked.Increment(ref _count);
        return ValueTask.FromResult(result);
    }
}

/// <summary>An app that counts how often a recipe is loaded for its page (<see cref="Loads"/>).</summary>
public sealed class RecipeLoadCountingApp : CairnApp
{
    public RecipeLoadCounter Loads { get; } = new();

    protected override void ConfigureTestServices(IServiceCollection services) => services.AddSingleton<IInterceptor>(Loads);
}
