using System.Net;
using Cairn.Tests.Infrastructure;
using Cairn.Tests.Modules.Recipes.Import;
using Cairn.Web.Modules.Recipes;
using Cairn.Web.Platform.Tenancy;
using static Cairn.Tests.Modules.Recipes.RecipeKit;

namespace Cairn.Tests.Modules.Recipes;

/// <summary>
/// <c>/recipes/import</c> in the suite's app, which allows no private addresses: pasted HTML fills the recipe form for
/// review and saves nothing until it is sent; an address on this machine is refused before any request leaves.
/// </summary>
public sealed class RecipeImportPageTests(CairnApp app)
{
    [Fact]
    public async Task PastedHtml_FillsTheFormForReview_AndTheFormAddsAPrivateRecipe()
    {
        var (ws, owner, client) = await SignedInOwnerAsync(app, "rcp-imp");
        using (client)
        {
            var response = await client.SubmitAsync("/recipes/import", new Dictionary<string, string> { ["Html"] = RecipePageReaderTests.Page("yoast-graph.html") }, "form[data-testid=import-form]");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var page = await PageClient.ParseAsync(response);
            Assert.Contains("structured data (JSON-LD)", page.QuerySelector("[data-testid=import-found]")!.TextContent);
            var form = page.QuerySelector("form[data-recipe-form]")!;
            Assert.Equal("/recipes/new", form.GetAttribute("action"));
            Assert.Equal("Brown Butter Apple Galette", form.QuerySelector("input[name='Input.Title']")!.GetAttribute("value"));
            Assert.StartsWith("150 g plain flour\n50 g dark rye flour", form.QuerySelector("textarea[name='Input.Ingredients']")!.TextContent.TrimStart());
            Assert.Equal(9, page.QuerySelectorAll("[data-testid=review-row]").Length);
            Assert.NotNull(page.QuerySelector("input[name='Input.Visibility'][value=Private][checked]"));
            Assert.Null(await FindAsync(app, ws, "brown-butter-apple-galette"));

            var saved = await client.SubmitAsync(page, "/recipes/import", new Dictionary<string, string>(), "form[data-recipe-form]");
            Assert.Equal("/recipes/brown-butter-apple-galette", saved.Headers.Location!.OriginalString);
            var recipe = (await FindAsync(app, ws, "brown-butter-apple-galette"))!;
            Assert.Equal((RecipeVisibility.Private, 8, 30, 45, 75), (recipe.Visibility, recipe.Servings, recipe.PrepMinutes!.Value, recipe.CookMinutes!.Value, recipe.TotalMinutes!.Value));
            Assert.Equal("https://hedgerow.example/brown-butter-apple-galette/", recipe.SourceUrl);
            Assert.Equal((4.0, 5.0, "tbsp"), (recipe.Ingredients.Single(i => i.Food == "iced water").Quantity!.Value, recipe.Ingredients.Single(i => i.Food == "iced water").QuantityMax!.Value, recipe.Ingredients.Single(i => i.Food == "iced water").Unit!));
            Assert.Equal(owner.Id, recipe.AuthorId);
        }
    }

    [Theory]
    [InlineData("http://127.0.0.1:9/soup", "private network")]
    [InlineData("http://localhost/soup", "private network")]
    [InlineData("http://169.254.169.254/latest/meta-data", "private network")]
    [InlineData("file:///etc/passwd", "http or https")]
    public async Task AnAddressOnThisMachineOrNotTheWeb_IsRefusedWithAMessage(string address, string message)
    {
        var (_, _, client) = await SignedInOwnerAsync(app, "rcp-ssrf");
        using (client)
        {
            var response = await client.SubmitAsync("/recipes/import", new Dictionary<string, string> { ["Address"] = address }, "form[data-testid=import-form]");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var error = (await PageClient.ParseAsync(response)).QuerySelector("[data-valmsg-for=Address]")!.TextContent;
            Assert.Contains(message, error, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task APageWithoutARecipe_SaysSo_AndViewersMayNotImport()
    {
        var (ws, _, client) = await SignedInOwnerAsync(app, "rcp-imp2");
        using (client)
        {
            var response = await client.SubmitAsync("/recipes/import", new Dictionary<string, string> { ["Html"] = RecipePageReaderTests.Page("not-a-recipe.html") }, "form[data-testid=import-form]");
            Assert.Equal("No recipe was found on that page.", (await PageClient.ParseAsync(response)).QuerySelector("[data-valmsg-for=Html]")!.TextContent.Trim());
            var empty = await client.SubmitAsync("/recipes/import", new Dictionary<string, string>(), "form[data-testid=import-form]");
            Assert.Equal("Paste the address of a recipe page, or the page's HTML.", (await PageClient.ParseAsync(empty)).QuerySelector("[data-valmsg-for=Address]")!.TextContent.Trim());

            using var viewer = app.Browser(ws);
            await viewer.LogInAsync(await app.CreateUserAsync(ws, WorkspaceRole.Viewer));
            Assert.Equal(HttpStatusCode.Forbidden, (await viewer.Http.GetAsync("/recipes/import")).StatusCode);
        }
    }
}
