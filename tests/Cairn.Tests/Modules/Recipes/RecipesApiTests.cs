using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Cairn.Tests.Infrastructure;
using Cairn.Web.Modules.Recipes;
using Cairn.Web.Platform.Tenancy;
using static Cairn.Tests.Modules.Recipes.RecipeKit;

namespace Cairn.Tests.Modules.Recipes;

/// <summary><c>/api/v1/recipes</c>: filters, paging with Link headers, ETags and If-Match, problem details, permissions, photos, and the member's own lists.</summary>
public sealed class RecipesApiTests(CairnApp app)
{
    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task<JsonElement> BodyAsync(HttpResponseMessage response) => await response.Content.ReadFromJsonAsync<JsonElement>();

    private async Task<(string Workspace, TestUser Owner)> WorkspaceAsync()
    {
        var owner = await app.CreateUserAsync(workspace: null);
        return (await app.CreateWorkspaceAsync(owner.Id, prefix: "rcp-api"), owner);
    }

    [Fact]
    public async Task AStranger_ListsAndReadsPublicRecipesOnly()
    {
        var (ws, owner) = await WorkspaceAsync();
        var open = await CreateAsync(app, ws, owner.Id, Input("Open bread", "500 g flour", RecipeVisibility.Public));
        var team = await CreateAsync(app, ws, owner.Id, Input("Team stew", "2 carrots"));
        using var stranger = app.Browser(ws);
        var list = await BodyAsync(await stranger.Http.GetAsync("/api/v1/recipes"));
        Assert.Equal(["open-bread"], list.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("slug").GetString()));
        Assert.Equal(HttpStatusCode.OK, (await stranger.Http.GetAsync($"/api/v1/recipes/{open.Id}")).StatusCode);
        var hidden = await stranger.Http.GetAsync($"/api/v1/recipes/{team.Id}");
        Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
        Assert.Equal("application/problem+json", hidden.Content.Headers.ContentType!.MediaType);
        Assert.Equal(HttpStatusCode.Unauthorized, (await stranger.Http.PostAsync("/api/v1/recipes", Json("""{"title":"x"}"""))).StatusCode);

        // Another workspace's member sees none of it, public or not, by id.
        var (otherWs, otherOwner) = await WorkspaceAsync();
        using var other = await app.ApiClientAsync(otherWs, otherOwner);
        Assert.Equal(HttpStatusCode.NotFound, (await other.Http.GetAsync($"/api/v1/recipes/{open.Id}")).StatusCode);
        Assert.Equal(0, (await BodyAsync(await other.Http.GetAsync("/api/v1/recipes"))).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task AMember_CreatesReadsUpdatesWithETagsAndDeletes()
    {
        var (ws, owner) = await WorkspaceAsync();
        using var client = await app.ApiClientAsync(ws, owner);
        var created = await client.Http.PostAsync("/api/v1/recipes", Json("""
            {"title": "Lemon cake", "ingredients": ["For the cake:", "225g butter", "4 eggs", "For the icing:", "1 lemon, juiced"],
             "steps": "1. Bake.", "prepMinutes": 15, "cookMinutes": 45, "servings": 8, "diets": ["vegetarian"], "visibility": "public"}
            """));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var recipe = await BodyAsync(created);
        var id = recipe.GetProperty("id").GetInt32();
        Assert.Equal($"/api/v1/recipes/{id}", created.Headers.Location!.OriginalString);
        Assert.Equal("lemon-cake", recipe.GetProperty("slug").GetString());
        Assert.Equal(60, recipe.GetProperty("totalMinutes").GetInt32());
        var butter = recipe.GetProperty("ingredients")[0];
        Assert.Equal(("For the cake", 225.0, "g", "butter"), (butter.GetProperty("section").GetString(), butter.GetProperty("quantity").GetDouble(), butter.GetProperty("unit").GetString(), butter.GetProperty("food").GetString()));
        Assert.Equal("For the icing", recipe.GetProperty("ingredients")[2].GetProperty("section").GetString());
        Assert.Equal(["vegetarian"], recipe.GetProperty("diets").EnumerateArray().Select(d => d.GetString()));
        var etag = created.Headers.ETag!.Tag;

        var notModified = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/recipes/{id}");
        notModified.Headers.IfNoneMatch.Add(new EntityTagHeaderValue(etag));
        Assert.Equal(HttpStatusCode.NotModified, (await client.Http.SendAsync(notModified)).StatusCode);

        var stale = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/recipes/{id}") { Content = Json("""{"servings": 12}""") };
        stale.Headers.IfMatch.Add(new EntityTagHeaderValue("\"stale\""));
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await client.Http.SendAsync(stale)).StatusCode);
        var patch = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/recipes/{id}") { Content = Json("""{"servings": 12, "title": "Lemon drizzle cake"}""") };
        patch.Headers.IfMatch.Add(new EntityTagHeaderValue(etag));
        var patched = await client.Http.SendAsync(patch);
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        var after = await BodyAsync(patched);
        Assert.Equal((12, "lemon-drizzle-cake", 3), (after.GetProperty("servings").GetInt32(), after.GetProperty("slug").GetString(), after.GetProperty("ingredients").GetArrayLength()));
        Assert.NotEqual(etag, patched.Headers.ETag!.Tag);

        // Rating changes the answer, so it changes the ETag too.
        Assert.Equal(5, (await BodyAsync(await client.Http.PutAsync($"/api/v1/recipes/{id}/rating", Json("""{"stars": 5}""")))).GetProperty("mine").GetInt32());
        var rated = await client.Http.GetAsync($"/api/v1/recipes/{id}");
        Assert.NotEqual(patched.Headers.ETag!.Tag, rated.Headers.ETag!.Tag);
        Assert.Equal(1, (await BodyAsync(rated)).GetProperty("rating").GetProperty("count").GetInt32());

        var replaced = await client.Http.PutAsync($"/api/v1/recipes/{id}", Json("""{"title": "Plain cake"}"""));
        var plain = await BodyAsync(replaced);
        Assert.Equal((0, 4, "members"), (plain.GetProperty("ingredients").GetArrayLength(), plain.GetProperty("servings").GetInt32(), plain.GetProperty("visibility").GetString()));

        Assert.Equal(HttpStatusCode.NoContent, (await client.Http.DeleteAsync($"/api/v1/recipes/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.Http.GetAsync($"/api/v1/recipes/{id}")).StatusCode);
    }

    [Fact]
    public async Task BadInput_IsAProblemWithAMessagePerField()
    {
        var (ws, owner) = await WorkspaceAsync();
        using var client = await app.ApiClientAsync(ws, owner);
        var response = await client.Http.PostAsync("/api/v1/recipes", Json("""{"title": "", "diets": ["paleo"], "visibility": "secret", "servings": 0}"""));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var errors = (await BodyAsync(response)).GetProperty("errors");
        Assert.Contains("diets", errors.EnumerateObject().Select(p => p.Name));
        Assert.Contains("visibility", errors.EnumerateObject().Select(p => p.Name));
        response = await client.Http.PostAsync("/api/v1/recipes", Json("""{"title": "", "servings": 0, "sourceUrl": "file:///etc/passwd", "ingredients": ["""
            + string.Join(',', Enumerable.Repeat("\"1 egg\"", 101)) + "]}"));
        errors = (await BodyAsync(response)).GetProperty("errors");
        Assert.Equal(["ingredients", "servings", "sourceUrl", "title"], errors.EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal(HttpStatusCode.BadRequest, (await client.Http.PostAsync("/api/v1/recipes", Json("not json"))).StatusCode);
        var list = await client.Http.GetAsync("/api/v1/recipes?time=soon&diet=paleo");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, list.StatusCode);
        Assert.Equal(["diet", "time"], (await BodyAsync(list)).GetProperty("errors").EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal(HttpStatusCode.NotFound, (await client.Http.GetAsync("/api/v1/recipes?page=3")).StatusCode);
    }

    [Fact]
    public async Task Lists_ArePagedWithLinkHeaders_AndTakeThePagesFilters()
    {
        var (ws, owner) = await WorkspaceAsync();
        for (var i = 0; i < 26; i++) await CreateAsync(app, ws, owner.Id, Input($"Soup {i}", i % 2 == 0 ? "1 leek" : "2 carrots"));
        using var client = await app.ApiClientAsync(ws, owner);
        var first = await client.Http.GetAsync("/api/v1/recipes");
        var page = await BodyAsync(first);
        Assert.Equal((26, 2, 24), (page.GetProperty("total").GetInt32(), page.GetProperty("pageCount").GetInt32(), page.GetProperty("items").GetArrayLength()));
        var links = first.Headers.GetValues("Link").Single();
        Assert.Contains("</api/v1/recipes?page=2>; rel=\"next\"", links);
        var leeks = await BodyAsync(await client.Http.GetAsync("/api/v1/recipes?include=leeks&sort=time"));
        Assert.Equal(13, leeks.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Permissions_ViewersRead_MembersChangeTheirOwn_AdminsModerate()
    {
        var (ws, owner) = await WorkspaceAsync();
        var recipe = await CreateAsync(app, ws, owner.Id, Input("Owner's pie"));
        var secret = await CreateAsync(app, ws, owner.Id, Input("Owner's secret", visibility: RecipeVisibility.Private));
        using var viewer = await app.ApiClientAsync(ws, await app.CreateUserAsync(ws, WorkspaceRole.Viewer));
        Assert.Equal(HttpStatusCode.OK, (await viewer.Http.GetAsync($"/api/v1/recipes/{recipe.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.Http.PostAsync("/api/v1/recipes", Json("""{"title":"x"}"""))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.Http.PutAsync($"/api/v1/recipes/{recipe.Id}/rating", Json("""{"stars":1}"""))).StatusCode);

        using var member = await app.ApiClientAsync(ws, await app.CreateUserAsync(ws));
        Assert.Equal(HttpStatusCode.Forbidden, (await member.Http.PatchAsync($"/api/v1/recipes/{recipe.Id}", Json("""{"title":"Mine now"}"""))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await member.Http.DeleteAsync($"/api/v1/recipes/{recipe.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await member.Http.GetAsync($"/api/v1/recipes/{secret.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await member.Http.PutAsync($"/api/v1/recipes/{secret.Id}/favourite", null)).StatusCode);

        using var admin = await app.ApiClientAsync(ws, await app.CreateUserAsync(ws, WorkspaceRole.Admin));
        Assert.Equal(HttpStatusCode.OK, (await admin.Http.PatchAsync($"/api/v1/recipes/{recipe.Id}", Json("""{"summary":"Checked by an admin."}"""))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.Http.PatchAsync($"/api/v1/recipes/{secret.Id}", Json("""{"summary":"x"}"""))).StatusCode);
    }

    [Fact]
    public async Task Photos_AreUploadedAsMultipart_CheckedLikeTheForm_AndRemoved()
    {
        var (ws, owner) = await WorkspaceAsync();
        var recipe = await CreateAsync(app, ws, owner.Id, Input("Photo soup"));
        using var client = await app.ApiClientAsync(ws, owner);
        using (var form = new MultipartFormDataContent())
        {
            form.Add(new ByteArrayContent(TestImages.Halves(80, 60)), "photos", "a.jpg");
            form.Add(new ByteArrayContent(TestImages.PhoneJpeg(40, 20)), "photos", "b.jpg");
            var response = await client.Http.PostAsync($"/api/v1/recipes/{recipe.Id}/photos", form);
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            var photos = (await BodyAsync(response)).GetProperty("photos");
            Assert.Equal(2, photos.GetArrayLength());
            Assert.True(photos[0].GetProperty("isCover").GetBoolean());
            Assert.Equal((20, 40), (photos[1].GetProperty("width").GetInt32(), photos[1].GetProperty("height").GetInt32()));
            Assert.Equal(HttpStatusCode.OK, (await client.Http.GetAsync(photos[1].GetProperty("small").GetString())).StatusCode);
        }

        using (var form = new MultipartFormDataContent())
        {
            form.Add(new ByteArrayContent("<?php echo 1; ?>"u8.ToArray()), "photos", "shell.jpg");
            var refused = await client.Http.PostAsync($"/api/v1/recipes/{recipe.Id}/photos", form);
            Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
            Assert.Contains("not a photo", (await BodyAsync(refused)).GetProperty("errors").GetProperty("photos")[0].GetString());
        }

        var detail = await BodyAsync(await client.Http.GetAsync($"/api/v1/recipes/{recipe.Id}"));
        var first = detail.GetProperty("photos")[0];
        Assert.Equal(HttpStatusCode.NoContent, (await client.Http.DeleteAsync($"/api/v1/recipes/{recipe.Id}/photos/{first.GetProperty("id").GetInt32()}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.Http.GetAsync(first.GetProperty("small").GetString())).StatusCode);
        Assert.True((await BodyAsync(await client.Http.GetAsync($"/api/v1/recipes/{recipe.Id}"))).GetProperty("photos")[0].GetProperty("isCover").GetBoolean());
    }

    [Fact]
    public async Task FavouritesCollectionsAndTheShoppingList_AreEachMembersOwn()
    {
        var (ws, owner) = await WorkspaceAsync();
        var stew = await CreateAsync(app, ws, owner.Id, Input("Stew", "500 g beef\n2 carrots", servings: 4));
        using var client = await app.ApiClientAsync(ws, owner);
        Assert.Equal(HttpStatusCode.NoContent, (await client.Http.PutAsync($"/api/v1/recipes/{stew.Id}/favourite", null)).StatusCode);
        Assert.Equal(["stew"], (await BodyAsync(await client.Http.GetAsync("/api/v1/recipes/me/favourites"))).EnumerateArray().Select(r => r.GetProperty("slug").GetString()));

        var collection = await BodyAsync(await client.Http.PostAsync("/api/v1/recipes/me/collections", Json("""{"name": " Winter  food "}""")));
        var collectionId = collection.GetProperty("id").GetInt32();
        Assert.Equal("Winter food", collection.GetProperty("name").GetString());
        Assert.Equal(HttpStatusCode.NoContent, (await client.Http.PutAsync($"/api/v1/recipes/me/collections/{collectionId}/recipes/{stew.Id}", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.Http.PutAsync($"/api/v1/recipes/me/collections/{collectionId}/recipes/999999", null)).StatusCode);
        Assert.Equal(1, (await BodyAsync(await client.Http.GetAsync($"/api/v1/recipes/me/collections/{collectionId}"))).GetProperty("recipes").GetArrayLength());

        var shopping = await BodyAsync(await client.Http.PostAsync("/api/v1/recipes/me/shopping/items", Json($$"""{"recipeId": {{stew.Id}}, "servings": 8}""")));
        shopping = await BodyAsync(await client.Http.PostAsync("/api/v1/recipes/me/shopping/items", Json("""{"line": "0.5 kg beef"}""")));
        var beef = shopping.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("food").GetString() == "beef");
        Assert.Equal(("1.5 kg", "Meat & fish"), (beef.GetProperty("amount").GetString(), beef.GetProperty("aisle").GetString()));
        Assert.Equal(HttpStatusCode.NoContent, (await client.Http.PatchAsync($"/api/v1/recipes/me/shopping/items/{beef.GetProperty("id").GetInt32()}", Json("""{"checked": true}"""))).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await client.Http.DeleteAsync("/api/v1/recipes/me/shopping/items")).StatusCode);
        Assert.Equal(["carrots"], (await BodyAsync(await client.Http.GetAsync("/api/v1/recipes/me/shopping"))).GetProperty("items").EnumerateArray().Select(i => i.GetProperty("food").GetString()));

        // Another member: none of it is theirs.
        using var other = await app.ApiClientAsync(ws, await app.CreateUserAsync(ws));
        Assert.Equal(HttpStatusCode.NotFound, (await other.Http.GetAsync($"/api/v1/recipes/me/collections/{collectionId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.Http.DeleteAsync($"/api/v1/recipes/me/collections/{collectionId}")).StatusCode);
        Assert.Empty((await BodyAsync(await other.Http.GetAsync("/api/v1/recipes/me/favourites"))).EnumerateArray());
        Assert.Empty((await BodyAsync(await other.Http.GetAsync("/api/v1/recipes/me/shopping"))).GetProperty("items").EnumerateArray());
        var ownList = shopping.GetProperty("id").GetInt32();
        Assert.Equal(HttpStatusCode.NotFound, (await other.Http.GetAsync($"/api/v1/recipes/me/shopping?list={ownList}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.Http.PostAsync($"/api/v1/recipes/me/shopping/items?list={ownList}", Json("""{"line": "caviar"}"""))).StatusCode);
    }
}
