using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Cairn.Tests.Infrastructure;
using Cairn.Web.Platform.Tenancy;

namespace Cairn.Tests.Modules.Blog;

/// <summary>The RealWorld API's rules beyond the official collection: workspaces, tokens, permissions, error shapes.</summary>
public sealed class ConduitApiTests(CairnApp app)
{
    private static HttpClient Api(CairnApp app, string workspace, string? token = null)
    {
        var client = app.CreateClient(new() { BaseAddress = new Uri($"http://{workspace}.localhost"), AllowAutoRedirect = false });
        if (token is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Token", token);
        return client;
    }

    private static async Task<JsonElement> Json(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>())!;

    private async Task<(string Token, string Username)> RegisterAsync(string workspace)
    {
        var name = $"api{Guid.NewGuid():N}"[..14];
        using var client = Api(app, workspace);
        var response = await client.PostAsJsonAsync("/api/users", new { user = new { username = name, email = $"{name}@example.test", password = CairnApp.DefaultPassword } });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return ((await Json(response)).GetProperty("user").GetProperty("token").GetString()!, name);
    }

    private static async Task<string> CreateArticleAsync(HttpClient client, string title)
    {
        var response = await client.PostAsJsonAsync("/api/articles", new { article = new { title, description = "d", body = "b", tagList = new[] { "x" } } });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await Json(response)).GetProperty("article").GetProperty("slug").GetString()!;
    }

    [Fact]
    public async Task CompiledReads_FollowEachRequestsWorkspaceAndViewer()
    {
        // The newest list, the feed and one article are compiled queries: their workspace filter and viewer must be
        // parameters of each request, not values kept from the first one.
        var a = await app.CreateWorkspaceAsync(prefix: "cq-a", openJoining: true);
        var b = await app.CreateWorkspaceAsync(prefix: "cq-b", openJoining: true);
        var (authorToken, author) = await RegisterAsync(a);
        var (fanToken, _) = await RegisterAsync(a);
        var (otherToken, _) = await RegisterAsync(a);
        var (bToken, _) = await RegisterAsync(b);
        using var asAuthor = Api(app, a, authorToken);
        using var asFan = Api(app, a, fanToken);
        using var asOther = Api(app, a, otherToken);
        using var inB = Api(app, b, bToken);
        var slug = await CreateArticleAsync(asAuthor, "Compiled and shared");
        await CreateArticleAsync(inB, "Only in B");
        Assert.Equal(HttpStatusCode.OK, (await asFan.PostAsync($"/api/articles/{slug}/favorite", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await asFan.PostAsync($"/api/profiles/{author}/follow", null)).StatusCode);

        for (var round = 0; round < 2; round++)
        {
            var fanList = await Json(await asFan.GetAsync($"/api/articles?limit=20&r={round}"));
            var otherList = await Json(await asOther.GetAsync($"/api/articles?limit=20&r={round}"));
            var bList = await Json(await inB.GetAsync($"/api/articles?limit=20&r={round}"));
            Assert.Equal(1, fanList.GetProperty("articlesCount").GetInt32());
            Assert.True(fanList.GetProperty("articles")[0].GetProperty("favorited").GetBoolean());
            Assert.True(fanList.GetProperty("articles")[0].GetProperty("author").GetProperty("following").GetBoolean());
            Assert.False(otherList.GetProperty("articles")[0].GetProperty("favorited").GetBoolean());
            Assert.Equal(1, otherList.GetProperty("articles")[0].GetProperty("favoritesCount").GetInt32());
            Assert.Equal("Only in B", bList.GetProperty("articles")[0].GetProperty("title").GetString());
            Assert.Equal(1, bList.GetProperty("articlesCount").GetInt32());

            Assert.Equal(1, (await Json(await asFan.GetAsync($"/api/articles/feed?r={round}"))).GetProperty("articlesCount").GetInt32());
            Assert.Equal(0, (await Json(await asOther.GetAsync($"/api/articles/feed?r={round}"))).GetProperty("articlesCount").GetInt32());
            Assert.True((await Json(await asFan.GetAsync($"/api/articles/{slug}?r={round}"))).GetProperty("article").GetProperty("favorited").GetBoolean());
            Assert.False((await Json(await asOther.GetAsync($"/api/articles/{slug}?r={round}"))).GetProperty("article").GetProperty("favorited").GetBoolean());
            Assert.Equal(HttpStatusCode.NotFound, (await inB.GetAsync($"/api/articles/{slug}?r={round}")).StatusCode);
        }
    }

    [Fact]
    public async Task ArticleCreatedThroughTheApi_IsAPublishedPostOnTheBlog()
    {
        var ws = await app.CreateWorkspaceAsync(prefix: "api", openJoining: true);
        var (token, _) = await RegisterAsync(ws);
        using var client = Api(app, ws, token);
        var slug = await CreateArticleAsync(client, "From the API");

        using var browser = app.Browser(ws);
        var (response, page) = await browser.GetAsync($"/blog/{slug}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("From the API", page.QuerySelector("h1")!.TextContent.Trim());
    }

    [Fact]
    public async Task Token_IsRefusedOnAnotherWorkspace_AndMissingTokenIs401()
    {
        var a = await app.CreateWorkspaceAsync(prefix: "tok-a", openJoining: true);
        var b = await app.CreateWorkspaceAsync(prefix: "tok-b", openJoining: true);
        var (token, _) = await RegisterAsync(a);

        using var onA = Api(app, a, token);
        Assert.Equal(HttpStatusCode.OK, (await onA.GetAsync("/api/user")).StatusCode);
        using var onB = Api(app, b, token);
        var refused = await onB.GetAsync("/api/user");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.True((await Json(refused)).GetProperty("errors").EnumerateObject().Any());
        using var anonymous = Api(app, a);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/user")).StatusCode);
        using var forged = Api(app, a, token[..^4] + "AAAA");
        Assert.Equal(HttpStatusCode.Unauthorized, (await forged.GetAsync("/api/user")).StatusCode);
    }

    [Fact]
    public async Task Login_OnAWorkspaceWithoutMembership_IsRefusedLikeAWrongPassword()
    {
        var ws = await app.CreateWorkspaceAsync(prefix: "nomem", openJoining: true);
        var outsider = await app.CreateUserAsync(); // a member of demo only
        using var client = Api(app, ws);
        var response = await client.PostAsJsonAsync("/api/users/login", new { user = new { email = outsider.Email, password = outsider.Password } });
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var wrong = await client.PostAsJsonAsync("/api/users/login", new { user = new { email = outsider.Email, password = "wrong password!" } });
        Assert.Equal(await response.Content.ReadAsStringAsync(), await wrong.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Errors_HaveTheSpecShapesAndCodes()
    {
        var ws = await app.CreateWorkspaceAsync(prefix: "errs", openJoining: true);
        var (alice, _) = await RegisterAsync(ws);
        var (bob, _) = await RegisterAsync(ws);
        using var asAlice = Api(app, ws, alice);
        using var asBob = Api(app, ws, bob);
        var slug = await CreateArticleAsync(asAlice, "Alice writes");

        var invalid = await asAlice.PostAsJsonAsync("/api/articles", new { article = new { title = "", description = "", body = "" } });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, invalid.StatusCode);
        var errors = (await Json(invalid)).GetProperty("errors");
        Assert.Equal("can't be blank", errors.GetProperty("title")[0].GetString());
        Assert.Equal("can't be blank", errors.GetProperty("body")[0].GetString());

        Assert.Equal(HttpStatusCode.Forbidden, (await asBob.PutAsJsonAsync($"/api/articles/{slug}", new { article = new { title = "Bob's now" } })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await asBob.DeleteAsync($"/api/articles/{slug}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await asBob.GetAsync("/api/articles/no-such-article")).StatusCode);

        var comment = await asAlice.PostAsJsonAsync($"/api/articles/{slug}/comments", new { comment = new { body = "mine" } });
        var commentId = (await Json(comment)).GetProperty("comment").GetProperty("id").GetInt32();
        var bobsComment = await asBob.PostAsJsonAsync($"/api/articles/{slug}/comments", new { comment = new { body = "bob's" } });
        var bobsId = (await Json(bobsComment)).GetProperty("comment").GetProperty("id").GetInt32();
        Assert.Equal(HttpStatusCode.Forbidden, (await asBob.DeleteAsync($"/api/articles/{slug}/comments/{commentId}")).StatusCode);
        // The article's author may delete any comment on it.
        Assert.Equal(HttpStatusCode.NoContent, (await asAlice.DeleteAsync($"/api/articles/{slug}/comments/{bobsId}")).StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await asAlice.PostAsJsonAsync("/api/users", new { user = new { username = "x" } })).StatusCode);
    }

    [Fact]
    public async Task Profiles_OfNonMembersAre404_AndNothingCrossesWorkspaces()
    {
        var a = await app.CreateWorkspaceAsync(prefix: "prof-a", openJoining: true);
        var b = await app.CreateWorkspaceAsync(prefix: "prof-b", openJoining: true);
        var (tokenA, nameA) = await RegisterAsync(a);
        var (tokenB, _) = await RegisterAsync(b);
        using var onA = Api(app, a, tokenA);
        await CreateArticleAsync(onA, "Only in A");

        using var onB = Api(app, b, tokenB);
        Assert.Equal(HttpStatusCode.NotFound, (await onB.GetAsync($"/api/profiles/{nameA}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await onA.GetAsync($"/api/profiles/{nameA}")).StatusCode);
        var list = await Json(await onB.GetAsync("/api/articles"));
        Assert.Equal(0, list.GetProperty("articlesCount").GetInt32());
        var tags = await Json(await onB.GetAsync("/api/tags"));
        Assert.Equal(0, tags.GetProperty("tags").GetArrayLength());
    }

    [Fact]
    public async Task CachedReads_ChangeAfterEveryWrite()
    {
        var ws = await app.CreateWorkspaceAsync(prefix: "cache", openJoining: true);
        var (alice, _) = await RegisterAsync(ws);
        var (bob, bobName) = await RegisterAsync(ws);
        using var asAlice = Api(app, ws, alice);
        using var asBob = Api(app, ws, bob);
        var slug = await CreateArticleAsync(asBob, "Cached article");

        async Task<JsonElement> Article() => (await Json(await asAlice.GetAsync($"/api/articles/{slug}"))).GetProperty("article");
        Assert.False((await Article()).GetProperty("favorited").GetBoolean());
        await asAlice.PostAsync($"/api/articles/{slug}/favorite", null);
        Assert.Equal(1, (await Article()).GetProperty("favoritesCount").GetInt32());
        await asAlice.DeleteAsync($"/api/articles/{slug}/favorite");
        Assert.Equal(0, (await Article()).GetProperty("favoritesCount").GetInt32());
        await asAlice.PostAsync($"/api/profiles/{bobName}/follow", null);
        Assert.True((await Article()).GetProperty("author").GetProperty("following").GetBoolean());
        await asAlice.DeleteAsync($"/api/profiles/{bobName}/follow");
        Assert.False((await Article()).GetProperty("author").GetProperty("following").GetBoolean());
        await asBob.PutAsJsonAsync("/api/user", new { user = new { bio = "New bio" } });
        Assert.Equal("New bio", (await Article()).GetProperty("author").GetProperty("bio").GetString());
        await asBob.DeleteAsync($"/api/articles/{slug}");
        Assert.Equal(HttpStatusCode.NotFound, (await asAlice.GetAsync($"/api/articles/{slug}")).StatusCode);
    }

    [Fact]
    public async Task MissingEnvelopes_Answer422_AndReservedSlugsAreAvoided()
    {
        var ws = await app.CreateWorkspaceAsync(prefix: "env", openJoining: true);
        var (token, _) = await RegisterAsync(ws);
        using var client = Api(app, ws, token);
        foreach (var (path, method) in new[] { ("/api/articles", HttpMethod.Post), ("/api/users", HttpMethod.Post), ("/api/users/login", HttpMethod.Post), ("/api/user", HttpMethod.Put) })
        {
            using var request = new HttpRequestMessage(method, path) { Content = JsonContent.Create(new { }) };
            Assert.Equal(HttpStatusCode.UnprocessableEntity, (await client.SendAsync(request)).StatusCode);
        }

        Assert.Equal("feed-post", await CreateArticleAsync(client, "Feed"));
        var nulls = await client.PostAsJsonAsync("/api/articles", new { article = new { title = "Tags with holes", description = "d", body = "b", tagList = new string?[] { null, "ok" } } });
        Assert.Equal(HttpStatusCode.Created, nulls.StatusCode);
    }

    [Fact]
    public async Task Viewer_CannotWriteThroughTheApi()
    {
        var ws = await app.CreateWorkspaceAsync(prefix: "view", openJoining: true);
        var viewer = await app.CreateUserAsync(ws, WorkspaceRole.Viewer);
        using var client = Api(app, ws);
        var login = await client.PostAsJsonAsync("/api/users/login", new { user = new { email = viewer.Email, password = viewer.Password } });
        var token = (await Json(login)).GetProperty("user").GetProperty("token").GetString();
        using var asViewer = Api(app, ws, token);
        var response = await asViewer.PostAsJsonAsync("/api/articles", new { article = new { title = "t", description = "d", body = "b" } });
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var author = await app.CreateUserAsync(ws);
        var slug = await BlogSeed.PostAsync(app, ws, author.Id, "Viewer looks");
        Assert.Equal(HttpStatusCode.Forbidden, (await asViewer.PostAsync($"/api/articles/{slug}/favorite", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await asViewer.PostAsync($"/api/profiles/{author.UserName}/follow", null)).StatusCode);
    }
}
