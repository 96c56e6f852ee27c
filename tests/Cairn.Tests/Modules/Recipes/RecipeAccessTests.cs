using System.Net;
using Cairn.Tests.Infrastructure;
using Cairn.Web.Modules.Recipes;
using Cairn.Web.Platform.Tenancy;
using SkiaSharp;
using static Cairn.Tests.Modules.Recipes.RecipeKit;

namespace Cairn.Tests.Modules.Recipes;

/// <summary>
/// Who sees and changes which recipe: a private recipe by its author alone, a workspace's by its members, a public one
/// by anyone; never another workspace's, by page, list, photo or edit address.
/// </summary>
public sealed class RecipeAccessTests(CairnApp app)
{
    private async Task<(string Workspace, TestUser Author, Recipe Private, Recipe Members, Recipe Public, string PhotoUrl)> WorkspaceWithRecipesAsync()
    {
        var author = await app.CreateUserAsync(workspace: null);
        var ws = await app.CreateWorkspaceAsync(author.Id, prefix: "rcp-acc");
        using var client = app.Browser(ws);
        await client.LogInAsync(author);
        var response = await PostFormAsync(client, "/recipes/new",
            [Field("Input.Title", "Secret sauce"), Field("Input.Visibility", "Private"), Field("Input.Ingredients", "1 cup tomatoes")],
            [("sauce.jpg", TestImages.Halves(60, 40), "image/jpeg")]);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var secret = (await FindAsync(app, ws, "secret-sauce"))!;
        var members = await CreateAsync(app, ws, author.Id, Input("Team stew", "2 carrots"));
        var open = await CreateAsync(app, ws, author.Id, Input("Open bread", "500 g flour", RecipeVisibility.Public));
        var photo = secret.Photos.Single();
        return (ws, author, secret, members, open, RecipePhotoStore.UrlFor(photo.Token, PhotoSize.Medium, photo.Extension));
    }

    private static async Task<string[]> ListedAsync(PageClient client)
    {
        var (_, page) = await client.GetAsync("/recipes");
        return [.. page.QuerySelectorAll("[data-testid=recipe-card]").Select(c => c.GetAttribute("data-slug")!).Order()];
    }

    [Fact]
    public async Task APrivateRecipe_IsSeenByItsAuthorAlone_NotByMembersOrAdmins()
    {
        var (ws, author, secret, _, _, photoUrl) = await WorkspaceWithRecipesAsync();
        using var authorClient = app.Browser(ws);
        await authorClient.LogInAsync(author);
        Assert.Equal(HttpStatusCode.OK, (await authorClient.Http.GetAsync($"/recipes/{secret.Slug}")).StatusCode);
        var photo = await authorClient.Http.GetAsync(photoUrl);
        Assert.Equal(HttpStatusCode.OK, photo.StatusCode);
        Assert.True(photo.Headers.CacheControl is { Private: true, Public: false } cache && cache.MaxAge == TimeSpan.FromDays(365) && cache.Extensions.Any(e => e.Name == "immutable"));
        Assert.Contains(secret.Slug, await ListedAsync(authorClient));

        foreach (var role in new[] { WorkspaceRole.Member, WorkspaceRole.Admin })
        {
            var other = await app.CreateUserAsync(ws, role);
            using var client = app.Browser(ws);
            await client.LogInAsync(other);
            Assert.Equal(HttpStatusCode.NotFound, (await client.Http.GetAsync($"/recipes/{secret.Slug}")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await client.Http.GetAsync($"/recipes/{secret.Slug}/edit")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await client.Http.GetAsync($"/recipes/{secret.Slug}/print")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await client.Http.GetAsync(photoUrl)).StatusCode);
            Assert.DoesNotContain(secret.Slug, await ListedAsync(client));
            var (_, search) = await client.GetAsync("/recipes?q=sauce&include=tomato");
            Assert.Empty(search.QuerySelectorAll("[data-testid=recipe-card]"));
        }
    }

    [Fact]
    public async Task AWorkspacesRecipe_SendsVisitorsToLogIn_AndIsNotFoundFromAnotherWorkspace()
    {
        var (ws, author, secret, members, open, photoUrl) = await WorkspaceWithRecipesAsync();
        using var visitor = app.Browser(ws);
        var anonymous = await visitor.Http.GetAsync($"/recipes/{members.Slug}");
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.StartsWith("/account/login", anonymous.Headers.Location!.AbsolutePath);
        Assert.Equal([open.Slug], await ListedAsync(visitor));
        Assert.Equal(HttpStatusCode.NotFound, (await visitor.Http.GetAsync(photoUrl)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await visitor.Http.GetAsync($"/recipes/{secret.Slug}")).StatusCode);

        // The owner of another workspace, at home and on this workspace's address.
        var stranger = await app.CreateUserAsync(workspace: null);
        var theirs = await app.CreateWorkspaceAsync(stranger.Id, prefix: "rcp-other");
        using var home = app.Browser(theirs);
        await home.LogInAsync(stranger);
        Assert.Equal(HttpStatusCode.NotFound, (await home.Http.GetAsync($"/recipes/{members.Slug}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await home.Http.GetAsync($"/recipes/{open.Slug}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await home.Http.GetAsync(photoUrl)).StatusCode);
        Assert.Empty(await ListedAsync(home));
        using var away = app.Browser(ws);
        await away.LogInAsync(stranger);
        Assert.Equal(HttpStatusCode.NotFound, (await away.Http.GetAsync($"/recipes/{members.Slug}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await away.Http.GetAsync("/recipes/new")).StatusCode);
        Assert.Equal([open.Slug], await ListedAsync(away));
    }

    [Fact]
    public async Task APublicRecipe_IsReadByAnyone_WithItsPhotosCachedPublicly()
    {
        var author = await app.CreateUserAsync(workspace: null);
        var ws = await app.CreateWorkspaceAsync(author.Id, prefix: "rcp-pub");
        using var client = app.Browser(ws);
        await client.LogInAsync(author);
        await PostFormAsync(client, "/recipes/new", [Field("Input.Title", "Shared loaf"), Field("Input.Visibility", "Public")], [("loaf.png", TestImages.Halves(30, 30, SKEncodedImageFormat.Png), "image/png")]);
        var photo = (await FindAsync(app, ws, "shared-loaf"))!.Photos.Single();

        using var visitor = app.Browser(ws);
        var (page, document) = await visitor.GetAsync("/recipes/shared-loaf");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Null(document.QuerySelector("[data-testid=rate-form]"));
        Assert.NotNull(document.QuerySelector("a[href='/account/login?returnUrl=/recipes/shared-loaf']"));
        var image = await visitor.Http.GetAsync(document.QuerySelector("[data-testid=photo]")!.GetAttribute("src")!);
        Assert.Equal(HttpStatusCode.OK, image.StatusCode);
        Assert.True(image.Headers.CacheControl is { Public: true, Private: false } cache && cache.MaxAge == TimeSpan.FromDays(1));
        Assert.Equal(photo.Extension == ".png" ? "image/png" : "image/jpeg", image.Content.Headers.ContentType!.MediaType);
        // Names that are not a photo's, or a photo's under another extension, are all the same 404.
        foreach (var wrong in new[] { $"/recipes/photos/{photo.Token}-x{photo.Extension}", $"/recipes/photos/{photo.Token}-m.gif", "/recipes/photos/../../cairn.db", $"/recipes/photos/{RecipePhotoStore.NewToken()}-m.jpg" })
            Assert.Equal(HttpStatusCode.NotFound, (await visitor.Http.GetAsync(wrong)).StatusCode);
        // The media folder itself serves avatars only.
        Assert.Equal(HttpStatusCode.NotFound, (await visitor.Http.GetAsync($"/media/recipes/{(await app.DbForAsync(ws)).Db.CurrentTenantId}/{photo.Token}-m{photo.Extension}")).StatusCode);
    }

    [Fact]
    public async Task Viewers_ReadButDoNotWrite_AndMembersEditTheirOwnWhileAdminsModerate()
    {
        var (ws, author, _, members, _, _) = await WorkspaceWithRecipesAsync();
        var viewer = await app.CreateUserAsync(ws, WorkspaceRole.Viewer);
        using var viewerClient = app.Browser(ws);
        await viewerClient.LogInAsync(viewer);
        Assert.Equal(HttpStatusCode.OK, (await viewerClient.Http.GetAsync($"/recipes/{members.Slug}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewerClient.Http.GetAsync("/recipes/new")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewerClient.Http.GetAsync($"/recipes/{members.Slug}/edit")).StatusCode);

        var member = await app.CreateUserAsync(ws);
        using var memberClient = app.Browser(ws);
        await memberClient.LogInAsync(member);
        var (_, page) = await memberClient.GetAsync($"/recipes/{members.Slug}");
        Assert.Null(page.QuerySelector($"a[href='/recipes/{members.Slug}/edit']"));
        Assert.Equal(HttpStatusCode.Forbidden, (await memberClient.Http.GetAsync($"/recipes/{members.Slug}/edit")).StatusCode);
        var token = page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var delete = await memberClient.Http.PostAsync($"/recipes/{members.Slug}/edit?handler=Delete", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        Assert.Equal(HttpStatusCode.Forbidden, delete.StatusCode);
        Assert.NotNull(await FindAsync(app, ws, members.Slug));

        var admin = await app.CreateUserAsync(ws, WorkspaceRole.Admin);
        using var adminClient = app.Browser(ws);
        await adminClient.LogInAsync(admin);
        var edited = await PostFormAsync(adminClient, $"/recipes/{members.Slug}/edit", [Field("Input.Title", "Team stew (checked)")]);
        Assert.Equal(HttpStatusCode.Redirect, edited.StatusCode);
        Assert.Equal(author.Id, (await FindAsync(app, ws, "team-stew-checked"))!.AuthorId);
        Assert.Equal(HttpStatusCode.Redirect, (await adminClient.SubmitAsync("/recipes/team-stew-checked/edit", new Dictionary<string, string>(), "form[data-testid=delete-form]")).StatusCode);
        Assert.Null(await FindAsync(app, ws, "team-stew-checked"));
    }
}
