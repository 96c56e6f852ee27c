using Cairn.Tests.Infrastructure;

namespace Cairn.Tests.Modules.Blog;

/// <summary>Lists cost a fixed number of SQL commands, whatever the number of posts on the page (no N+1).</summary>
public sealed class QueryCountTests(CountingApp app) : IClassFixture<CountingApp>
{
    private async Task<int> CommandsFor(PageClient client, string path)
    {
        // A fresh query parameter each time, so that the API's output cache cannot answer instead of the database.
        string Fresh() => path + (path.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "fresh=" + Guid.NewGuid().ToString("N");
        await client.Http.GetAsync(Fresh()); // warm: the first request of a kind may do one-off work
        app.Commands.Reset();
        var response = await client.Http.GetAsync(Fresh());
        response.EnsureSuccessStatusCode();
        return app.Commands.Count;
    }

    [Theory]
    [InlineData("/blog")]
    [InlineData("/blog/category/cat")]
    [InlineData("/blog/tag/t1")]
    [InlineData("/api/articles?limit=20")]
    [InlineData("/api/articles/feed")]
    [InlineData("/blog/search?q=body")]
    public async Task ListPage_IssuesTheSameNumberOfCommands_ForTwoPostsAndForTen(string path)
    {
        var owner = await app.CreateUserAsync(workspace: null);
        var ws = await app.CreateWorkspaceAsync(owner.Id, prefix: "n1");
        var reader = await app.CreateUserAsync(ws);
        using var client = app.Browser(ws);
        await client.LogInAsync(reader);
        var token = await ApiTokenAsync(client, reader);
        client.Http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Token", token);
        await FollowAsync(client, owner.UserName);

        for (var i = 0; i < 2; i++) await SeedRichPostAsync(ws, owner, reader, i);
        var few = await CommandsFor(client, path);
        for (var i = 2; i < 10; i++) await SeedRichPostAsync(ws, owner, reader, i);
        var many = await CommandsFor(client, path);

        Assert.Equal(few, many);
        Assert.InRange(many, 1, 12);
    }

    [Fact]
    public async Task AnonymousApiReads_CostOneCommandEach()
    {
        // The blog's members-only setting is remembered (WorkspaceMemo), so an anonymous read is its one query.
        var owner = await app.CreateUserAsync(workspace: null);
        var ws = await app.CreateWorkspaceAsync(owner.Id, prefix: "n1a");
        var slug = await BlogSeed.PostAsync(app, ws, owner.Id, "One command", "The body.", true, "Cat", "t1");
        using var client = app.Browser(ws);
        Assert.Equal(1, await CommandsFor(client, "/api/tags"));
        Assert.Equal(1, await CommandsFor(client, $"/api/articles/{slug}"));
    }

    private async Task SeedRichPostAsync(string ws, TestUser author, TestUser commenter, int i)
    {
        var slug = await BlogSeed.PostAsync(app, ws, author.Id, $"Post {i} body", "The body.", true, "Cat", "t1", $"t{i + 2}");
        await BlogSeed.CommentAsync(app, ws, slug, commenter.Id, "A comment");
    }

    private static async Task<string> ApiTokenAsync(PageClient client, TestUser user)
    {
        var response = await client.Http.PostAsync("/api/users/login", System.Net.Http.Json.JsonContent.Create(new { user = new { email = user.Email, password = user.Password } }));
        var json = await System.Net.Http.Json.HttpContentJsonExtensions.ReadFromJsonAsync<System.Text.Json.JsonElement>(response.Content);
        return json.GetProperty("user").GetProperty("token").GetString()!;
    }

    private static async Task FollowAsync(PageClient client, string username) =>
        (await client.Http.PostAsync($"/api/profiles/{username}/follow", null)).EnsureSuccessStatusCode();
}
