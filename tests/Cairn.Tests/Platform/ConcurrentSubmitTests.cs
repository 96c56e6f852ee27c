using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Cairn.Tests.Infrastructure;
using Cairn.Web.Modules.Blog;
using Cairn.Web.Modules.Tasks;
using Microsoft.EntityFrameworkCore;

namespace Cairn.Tests.Platform;

/// <summary>
/// Issue 10, item 6: N identical requests at once give N answers that are not 5xx, and one row where one row is
/// right (a favourite, a follow, a tag) or N rows with distinct slugs where N posts were asked for.
/// </summary>
public sealed class ConcurrentSubmitTests(CairnApp app)
{
    private const int Parallel = 8;

    private static async Task<JsonElement> BodyAsync(HttpResponseMessage response) => await response.Content.ReadFromJsonAsync<JsonElement>();

    private static async Task<List<HttpResponseMessage>> AtOnceAsync(Func<int, Task<HttpResponseMessage>> send)
    {
        using var start = new ManualResetEventSlim();
        var requests = Enumerable.Range(0, Parallel).Select(i => Task.Run(async () => { start.Wait(); return await send(i); })).ToList();
        start.Set();
        return [.. await Task.WhenAll(requests)];
    }

    private async Task<(string Workspace, TestUser Writer, HttpClient Bearer, HttpClient RealWorld)> WriterAsync(string prefix)
    {
        var owner = await app.CreateUserAsync(workspace: null);
        var ws = await app.CreateWorkspaceAsync(owner.Id, prefix: prefix);
        var writer = await app.CreateUserAsync(ws);
        var bearer = app.Browser(ws).Http;
        var token = await BodyAsync(await bearer.PostAsJsonAsync("/api/v1/auth/token", new { email = writer.Email, password = writer.Password }));
        bearer.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.GetProperty("access_token").GetString());
        var realWorld = app.Browser(ws).Http;
        var login = await BodyAsync(await realWorld.PostAsJsonAsync("/api/users/login", new { user = new { email = writer.Email, password = writer.Password } }));
        realWorld.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Token", login.GetProperty("user").GetProperty("token").GetString());
        return (ws, writer, bearer, realWorld);
    }

    [Fact]
    public async Task ParallelIdenticalWrites_AreNeverA5xx_AndLeaveTheRightRows()
    {
        var (ws, _, bearer, realWorld) = await WriterAsync("conc");
        var other = await app.CreateUserAsync(ws);
        using (bearer)
        using (realWorld)
        {
            // Posts with one title, one hand-chosen address and one new tag: every one stored, each at its own address.
            var posts = await AtOnceAsync(_ => bearer.PostAsJsonAsync("/api/v1/blog/posts", new { title = "Same title", body = "b", tags = new[] { "fresh-tag" } }));
            Assert.All(posts, p => Assert.Equal(HttpStatusCode.Created, p.StatusCode));
            var chosen = await AtOnceAsync(_ => bearer.PostAsJsonAsync("/api/v1/blog/posts", new { title = "Chosen", slug = "chosen-address", body = "b", tags = new[] { "fresh-tag", "second-tag" } }));
            Assert.All(chosen, p => Assert.Equal(HttpStatusCode.Created, p.StatusCode));
            var conduit = await AtOnceAsync(_ => realWorld.PostAsJsonAsync("/api/articles", new { article = new { title = "Same title", description = "d", body = "b", tagList = new[] { "third-tag" } } }));
            Assert.All(conduit, p => Assert.Equal(HttpStatusCode.Created, p.StatusCode));

            // Favourite and follow, eight times at once: all answered 200, one row each.
            var slug = (await BodyAsync(conduit[0])).GetProperty("article").GetProperty("slug").GetString();
            Assert.All(await AtOnceAsync(_ => realWorld.PostAsync($"/api/articles/{slug}/favorite", null)), r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
            Assert.All(await AtOnceAsync(_ => realWorld.PostAsync($"/api/profiles/{other.UserName}/follow", null)), r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));

            // Tasks with a new tag.
            var tasks = await AtOnceAsync(i => bearer.PostAsJsonAsync("/api/v1/tasks", new { title = $"Task {i}", tags = new[] { "brand-new" } }));
            Assert.All(tasks, t => Assert.Equal(HttpStatusCode.Created, t.StatusCode));
        }

        var (scope, db) = await app.DbForAsync(ws);
        await using (scope)
        {
            var slugs = await db.Posts.Select(p => p.Slug).ToListAsync();
            Assert.Equal(3 * Parallel, slugs.Count);
            Assert.Equal(slugs.Count, slugs.Distinct().Count());
            Assert.Contains("chosen-address", slugs);
            Assert.Equal(["fresh-tag", "second-tag", "third-tag"], (await db.Tags.Select(t => t.Name).ToListAsync()).Order());
            Assert.Equal(2 * Parallel, await db.Posts.CountAsync(p => p.Tags.Any(t => t.Name == "fresh-tag")));
            Assert.Equal(1, await db.Favorites.CountAsync());
            Assert.Equal(1, await db.Follows.CountAsync());
            Assert.Equal(["brand-new"], await db.TaskTags.Select(t => t.Name).ToListAsync());
            Assert.Equal(Parallel, await db.Tasks.CountAsync(t => t.Tags.Any()));
        }
    }

    [Fact]
    public async Task ParallelIdenticalPageSubmits_OfANewPost_AllRedirect()
    {
        var (ws, writer, bearer, realWorld) = await WriterAsync("concp");
        bearer.Dispose();
        realWorld.Dispose();
        var clients = new List<PageClient>();
        for (var i = 0; i < Parallel; i++)
        {
            var client = app.Browser(ws);
            await client.LogInAsync(writer);
            clients.Add(client);
        }
        var tokens = new List<string>();
        foreach (var client in clients) tokens.Add(await client.AntiforgeryTokenAsync("/blog/new"));

        var answers = await AtOnceAsync(i => clients[i].Http.PostAsync("/blog/new", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Title"] = "Twin post", ["Input.Body"] = "Twice.", ["Input.Tags"] = "page-tag", ["Input.Publish"] = "true",
            ["__RequestVerificationToken"] = tokens[i],
        })));
        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Redirect, a.StatusCode));
        Assert.Equal(Parallel, answers.Select(a => a.Headers.Location!.OriginalString).Distinct().Count());
        foreach (var client in clients) client.Dispose();
        var (scope, db) = await app.DbForAsync(ws);
        await using (scope)
        {
            Assert.Equal(["page-tag"], await db.Tags.Select(t => t.Name).ToListAsync());
        }
    }
}
