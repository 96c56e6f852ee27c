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
}
