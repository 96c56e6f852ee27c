using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Cairn.Tests.Infrastructure;

namespace Cairn.Tests.Platform;

/// <summary>
/// Issue 11, item 2: a module declares which of its endpoints are cached and which of its entities evict them;
/// nothing else is cached, and nothing else evicts. A cached answer carries an <c>Age</c> header. The class has its
/// own host: other tests' saves of users would evict the blog's answers in every workspace of a shared one.
/// </summary>
public sealed class ModuleOutputCacheTests : IAsyncLifetime
{
    private readonly CairnApp app = new();

    public ValueTask InitializeAsync() => app.InitializeAsync();

    public ValueTask DisposeAsync() => app.DisposeAsync();

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private async Task<PageClient> WriterAsync(string prefix)
    {
        var owner = await app.CreateUserAsync(workspace: null);
        return await app.ApiClientAsync(await app.CreateWorkspaceAsync(owner.Id, prefix: prefix), owner);
    }

    private static async Task<(bool Cached, string[] Tags)> TagsAsync(PageClient client)
    {
        var response = await client.Http.GetAsync("/api/tags");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var tags = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("tags").EnumerateArray().Select(t => t.GetString()!).ToArray();
        return (response.Headers.Age is not null, tags);
    }

    [Fact]
    public async Task OnlyDeclaredEndpointsAreCached_AndOnlyTheirModulesEntitiesInTheirWorkspaceEvictThem()
    {
        using var a = await WriterAsync("cachea");
        using var b = await WriterAsync("cacheb");

        // The blog's tags are a declared, cached read: the second answer comes from the cache.
        Assert.False((await TagsAsync(a)).Cached);
        Assert.True((await TagsAsync(a)).Cached);
        Assert.False((await TagsAsync(b)).Cached);
        Assert.True((await TagsAsync(b)).Cached);

        // The task list declared no caching: every read is fresh.
        for (var i = 0; i < 2; i++) Assert.Null((await a.Http.GetAsync("/api/v1/tasks")).Headers.Age);

        // A saved task is not a blog entity: the blog's cached answer stays.
        Assert.Equal(HttpStatusCode.Created, (await a.Http.PostAsync("/api/v1/tasks", Json("""{"title": "Rebuild the cairn"}"""))).StatusCode);
        Assert.True((await TagsAsync(a)).Cached);

        // A post saved in workspace B evicts B's blog answers, and only B's.
        Assert.Equal(HttpStatusCode.Created, (await b.Http.PostAsync("/api/v1/blog/posts", Json("""{"title": "Moss", "body": "b", "tags": ["moss"]}"""))).StatusCode);
        var afterPost = await TagsAsync(b);
        Assert.False(afterPost.Cached);
        Assert.Equal(["moss"], afterPost.Tags);
        var inA = await TagsAsync(a);
        Assert.True(inA.Cached);
        Assert.Empty(inA.Tags);
    }

    private static async Task<(bool Cached, JsonElement Body)> ReadAsync(PageClient client, string path)
    {
        var response = await client.Http.GetAsync(path);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode}");
        return (response.Headers.Age is not null, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    private static async Task<string> ArticleAsync(PageClient client, string title)
    {
        var response = await client.Http.PostAsync("/api/articles", Json($$$"""{"article": {"title": "{{{title}}}", "description": "d", "body": "b", "tagList": ["{{{title.ToLowerInvariant()}}}"]}}"""));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("article").GetProperty("slug").GetString()!;
    }

    private static string[] Slugs(JsonElement articles) =>
        articles.GetProperty("articles").EnumerateArray().Select(a => a.GetProperty("slug").GetString()!).ToArray();

    [Fact]
    public async Task FavouritesAndComments_EvictOnlyTheAnswersThatShowWhatTheyChanged()
    {
        var owner = await app.CreateUserAsync(workspace: null);
        var workspace = await app.CreateWorkspaceAsync(owner.Id, prefix: "parts");
        using var client = await app.ApiClientAsync(workspace, owner);
        var first = await ArticleAsync(client, "Lichen");
        var second = await ArticleAsync(client, "Scree");
        string[] reads =
        [
            $"/api/articles/{first}", $"/api/articles/{second}", "/api/articles?limit=20", "/api/articles?limit=1&offset=0",
            "/api/articles?limit=1&offset=1", "/api/tags", $"/api/articles/{first}/comments", $"/api/articles/{second}/comments",
            $"/api/articles?favorited={owner.UserName}",
        ];
        async Task<Dictionary<string, bool>> CachedAsync()
        {
            var cached = new Dictionary<string, bool>();
            foreach (var path in reads) cached[path] = (await ReadAsync(client, path)).Cached;
            return cached;
        }

        foreach (var path in reads) await ReadAsync(client, path);
        Assert.All(await CachedAsync(), pair => Assert.True(pair.Value, pair.Key));
        Assert.Equal([second], Slugs((await ReadAsync(client, "/api/articles?limit=1&offset=0")).Body));

        // A favourite of the first article evicts the answers that show it, and the lists chosen by favourites.
        Assert.Equal(HttpStatusCode.OK, (await client.Http.PostAsync($"/api/articles/{first}/favorite", null)).StatusCode);
        var fresh = await ReadAsync(client, $"/api/articles/{first}");
        Assert.False(fresh.Cached);
        Assert.Equal(1, fresh.Body.GetProperty("article").GetProperty("favoritesCount").GetInt32());
        var favourited = await ReadAsync(client, $"/api/articles?favorited={owner.UserName}");
        Assert.False(favourited.Cached);
        Assert.Equal([first], Slugs(favourited.Body));
        Assert.False((await ReadAsync(client, "/api/articles?limit=20")).Cached);
        Assert.False((await ReadAsync(client, "/api/articles?limit=1&offset=1")).Cached);
        foreach (var path in new[] { $"/api/articles/{second}", "/api/articles?limit=1&offset=0", "/api/tags", $"/api/articles/{first}/comments", $"/api/articles/{second}/comments" })
            Assert.True((await ReadAsync(client, path)).Cached, path);

        // A comment on the second article evicts its comments only.
        Assert.Equal(HttpStatusCode.Created, (await client.Http.PostAsync($"/api/articles/{second}/comments", Json("""{"comment": {"body": "Cold up here."}}"""))).StatusCode);
        var comments = await ReadAsync(client, $"/api/articles/{second}/comments");
        Assert.False(comments.Cached);
        var commentId = Assert.Single(comments.Body.GetProperty("comments").EnumerateArray()).GetProperty("id").GetInt32();
        foreach (var path in reads.Where(p => p != $"/api/articles/{second}/comments"))
            Assert.True((await ReadAsync(client, path)).Cached, path);

        // The bulk deletes behind unfavourite and comment deletion evict the same parts.
        Assert.Equal(HttpStatusCode.OK, (await client.Http.DeleteAsync($"/api/articles/{first}/favorite")).StatusCode);
        fresh = await ReadAsync(client, $"/api/articles/{first}");
        Assert.False(fresh.Cached);
        Assert.Equal(0, fresh.Body.GetProperty("article").GetProperty("favoritesCount").GetInt32());
        Assert.Empty(Slugs((await ReadAsync(client, $"/api/articles?favorited={owner.UserName}")).Body));
        Assert.True((await ReadAsync(client, $"/api/articles/{second}")).Cached);
        Assert.Equal(HttpStatusCode.NoContent, (await client.Http.DeleteAsync($"/api/articles/{second}/comments/{commentId}")).StatusCode);
        comments = await ReadAsync(client, $"/api/articles/{second}/comments");
        Assert.False(comments.Cached);
        Assert.Empty(comments.Body.GetProperty("comments").EnumerateArray());
        Assert.True((await ReadAsync(client, $"/api/articles/{first}/comments")).Cached);

        // Any other change (an article's title) evicts every blog answer of the workspace.
        foreach (var path in reads) await ReadAsync(client, path);
        Assert.Equal(HttpStatusCode.OK, (await client.Http.PutAsync($"/api/articles/{second}", Json("""{"article": {"description": "Loose stones"}}"""))).StatusCode);
        Assert.All(await CachedAsync(), pair => Assert.False(pair.Value, pair.Key));
    }
}
