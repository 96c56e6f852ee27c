using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Cairn.Tests.Infrastructure;
using Cairn.Web.Platform.Tenancy;

namespace Cairn.Tests.Modules.Blog;

/// <summary><c>/api/v1/blog/posts</c>: the blog's pages' rules through the platform API's conventions.</summary>
public sealed class BlogPostsApiTests(CairnApp app)
{
    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task<JsonElement> BodyAsync(HttpResponseMessage response) => await response.Content.ReadFromJsonAsync<JsonElement>();

    private Task<PageClient> ClientAsync(string ws, TestUser user) => app.ApiClientAsync(ws, user);

    [Fact]
    public async Task Writer_CreatesListsReadsChangesAndDeletesAPost()
    {
        var owner = await app.CreateUserAsync(workspace: null);
        var ws = await app.CreateWorkspaceAsync(owner.Id, prefix: "bapi");
        await BlogSeed.PostAsync(app, ws, owner.Id, "Seeded", category: "Field notes");
        var writer = await app.CreateUserAsync(ws);
        using var client = await ClientAsync(ws, writer);

        var created = await client.Http.PostAsync("/api/v1/blog/posts", Json("""{"title": "Moss & stone", "body": "Some *moss*.", "category": "field-notes", "tags": ["green", "stone"]}"""));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("/api/v1/blog/posts/moss-stone", created.Headers.Location!.OriginalString);
        var post = await BodyAsync(created);
        Assert.Equal("published", post.GetProperty("status").GetString());
        Assert.Contains("<em>moss</em>", post.GetProperty("bodyHtml").GetString(), StringComparison.Ordinal);
        Assert.Equal("field-notes", post.GetProperty("category").GetProperty("slug").GetString());

        // On the page at once, and in the API's filtered list.
        Assert.Equal(HttpStatusCode.OK, (await client.Http.GetAsync("/blog/moss-stone")).StatusCode);
        var list = await BodyAsync(await client.Http.GetAsync("/api/v1/blog/posts?tag=green"));
        Assert.Equal(["moss-stone"], list.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("slug").GetString()));
        Assert.Equal(2, (await BodyAsync(await client.Http.GetAsync("/api/v1/blog/posts?category=field-notes"))).GetProperty("total").GetInt32());

        var read = await client.Http.GetAsync("/api/v1/blog/posts/moss-stone");
        using (var conditional = new HttpRequestMessage(HttpMethod.Get, "/api/v1/blog/posts/moss-stone"))
        {
            conditional.Headers.IfNoneMatch.Add(read.Headers.ETag!);
            Assert.Equal(HttpStatusCode.NotModified, (await client.Http.SendAsync(conditional)).StatusCode);
        }

        // Unpublish by PATCH: it becomes the writer's draft, gone from the public list.
        var patched = await client.Http.PatchAsync("/api/v1/blog/posts/moss-stone", Json("""{"publish": false}"""));
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        var draft = await BodyAsync(patched);
        Assert.Equal("draft", draft.GetProperty("status").GetString());
        Assert.Equal("Moss & stone", draft.GetProperty("title").GetString());
        Assert.Equal(["green", "stone"], draft.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(["moss-stone"], (await BodyAsync(await client.Http.GetAsync("/api/v1/blog/posts?status=draft"))).GetProperty("items").EnumerateArray().Select(p => p.GetProperty("slug").GetString()));
        Assert.Equal(0, (await BodyAsync(await client.Http.GetAsync("/api/v1/blog/posts?tag=green"))).GetProperty("total").GetInt32());

        using (var stale = new HttpRequestMessage(HttpMethod.Put, "/api/v1/blog/posts/moss-stone") { Content = Json("""{"title": "Old", "body": "Old"}""") })
        {
            stale.Headers.IfMatch.Add(read.Headers.ETag!);
            Assert.Equal(HttpStatusCode.PreconditionFailed, (await client.Http.SendAsync(stale)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.NoContent, (await client.Http.DeleteAsync("/api/v1/blog/posts/moss-stone")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.Http.GetAsync("/api/v1/blog/posts/moss-stone")).StatusCode);
    }

    [Theory]
    [InlineData("""{"body": "no title"}""", "title")]
    [InlineData("""{"title": "no body"}""", "body")]
    [InlineData("""{"title": "t", "body": "b", "category": "no-such-category"}""", "category")]
    public async Task InvalidPosts_Are422WithTheField(string json, string field)
    {
        var owner = await app.CreateUserAsync(workspace: null);
        var ws = await app.CreateWorkspaceAsync(owner.Id, prefix: "bapv");
        using var client = await ClientAsync(ws, owner);
        var response = await client.Http.PostAsync("/api/v1/blog/posts", Json(json));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.True((await BodyAsync(response)).GetProperty("errors").TryGetProperty(field, out _), await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Viewers_And_OtherMembers_MayNotWriteOrChange()
    {
        var owner = await app.CreateUserAsync(workspace: null);
        var ws = await app.CreateWorkspaceAsync(owner.Id, prefix: "bapp");
        var slug = await BlogSeed.PostAsync(app, ws, owner.Id, "The owner's post");
        var viewer = await app.CreateUserAsync(ws, WorkspaceRole.Viewer);
        var member = await app.CreateUserAsync(ws);
        using var viewerClient = await ClientAsync(ws, viewer);
        using var memberClient = await ClientAsync(ws, member);

        Assert.Equal(HttpStatusCode.OK, (await viewerClient.Http.GetAsync($"/api/v1/blog/posts/{slug}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewerClient.Http.PostAsync("/api/v1/blog/posts", Json("""{"title": "t", "body": "b"}"""))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await memberClient.Http.PatchAsync($"/api/v1/blog/posts/{slug}", Json("""{"title": "Mine now"}"""))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await memberClient.Http.DeleteAsync($"/api/v1/blog/posts/{slug}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewerClient.Http.GetAsync("/api/v1/blog/posts?status=draft")).StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await viewerClient.Http.GetAsync("/api/v1/blog/posts?page=zero")).StatusCode);
    }
}
