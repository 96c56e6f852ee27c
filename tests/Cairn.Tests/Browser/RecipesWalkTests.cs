using System.Net;
using System.Text.RegularExpressions;
using Cairn.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;
using SkiaSharp;

namespace Cairn.Tests.Browser;

/// <summary>Cairn in Chromium with imports from loopback allowed, as the recipe walk needs (a recipe page served on 127.0.0.1).</summary>
public sealed class ImportingBrowserApp() : BrowserApp(new() { ["Cairn:Recipes:Import:AllowPrivateNetworks"] = "true" });

/// <summary>
/// The recipe module in Chromium: a recipe made through the form with a photo, scaled and converted; another
/// imported from a page on loopback, its doubtful ingredient reviewed and fixed; both on the shopping list, merged;
/// an item checked off.
/// </summary>
public sealed class RecipesWalkTests(ImportingBrowserApp app) : IClassFixture<ImportingBrowserApp>
{
    private const string ImportedPage = """
        <!DOCTYPE html><html><head><title>Buttery flatbreads · Some Kitchen</title>
        <script type="application/ld+json">{"@context":"https://schema.org","@type":"Recipe","name":"Buttery flatbreads",
          "description":"Soft flatbreads from the pan.","recipeYield":"4","prepTime":"PT15M","cookTime":"PT10M",
          "recipeIngredient":["250 g plain flour","100 g butter, melted","1 1/2 (about 200 ml)","1 tsp salt"],
          "recipeInstructions":[{"@type":"HowToStep","text":"Mix everything into a soft dough."},{"@type":"HowToStep","text":"Roll thin and cook in a hot pan."}]}</script>
        <script>document.title = 'scripts never run'</script></head>
        <body><h1>Buttery flatbreads</h1></body></html>
        """;

    [Fact]
    public async Task AMember_MakesScalesConvertsImportsReviewsShopsAndChecksOff()
    {
        // The recipe site, on loopback.
        var port = Loopback.FreePort();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        await using var site = builder.Build();
        site.MapGet("/flatbreads", () => Results.Content(ImportedPage, "text/html; charset=utf-8"));
        await site.StartAsync(TestContext.Current.CancellationToken);

        var owner = await app.CreateUserAsync(workspace: null);
        var ws = await app.CreateWorkspaceAsync(owner.Id, prefix: "rwalk");
        var photo = Path.Combine(app.DataDirectory, "butter-cake.jpg");
        await File.WriteAllBytesAsync(photo, Infrastructure.TestImages.PhoneJpeg(400, 300), TestContext.Current.CancellationToken);

        await using var context = await app.Chromium.NewContextAsync();
        var page = await context.NewPageAsync();
        page.Dialog += (_, dialog) => dialog.AcceptAsync();
        await app.LogInAsync(page, owner, ws);

        // A recipe through the form, with a photo (sent in the background, with a progress bar).
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main navigation" }).GetByRole(AriaRole.Link, new() { Name = "Recipes" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "New recipe", Exact = true }).ClickAsync();
        await page.GetByLabel("Title").FillAsync("Butter cake");
        await page.GetByLabel("Ingredients").FillAsync("For the cake:\n2 cups all-purpose flour\n200 g butter, softened\n3 eggs");
        await page.GetByLabel("Method").FillAsync("1. Cream the butter.\n2. Bake for 40 minutes.");
        await page.GetByLabel("Servings").FillAsync("8");
        await page.Locator("input[type=file]").SetInputFilesAsync(photo);
        await page.GetByRole(AriaRole.Button, new() { Name = "Add recipe" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/recipes/butter-cake$"));
        await Assertions.Expect(page.GetByTestId("recipe-title")).ToHaveTextAsync("Butter cake");
        var image = page.GetByTestId("photo");
        await Assertions.Expect(image).ToHaveCountAsync(1);
        // The photo loads, upright: the phone's sideways 400×300 is shown 300 wide and 400 high.
        await Assertions.Expect(image).ToHaveJSPropertyAsync("naturalWidth", 300);

        // Scaled to 4 servings and converted to metric: half the flour, weighed.
        await page.GetByLabel("Servings").FillAsync("4");
        await page.GetByRole(AriaRole.Button, new() { Name = "Scale" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("scaled-note")).ToHaveTextAsync("Scaled from 8 to 4 servings.");
        await Assertions.Expect(page.GetByTestId("amount").First).ToHaveTextAsync("1 cup");
        await page.GetByRole(AriaRole.Link, new() { Name = "Metric" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("ingredient").First).ToContainTextAsync("125 g all-purpose flour");
        await Assertions.Expect(page.GetByTestId("original").First).ToHaveTextAsync("as written: 2 cups all-purpose flour");
        await page.GetByRole(AriaRole.Link, new() { Name = "US", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("ingredient").Nth(1)).ToContainTextAsync("½ cup butter");
        // On the shopping list, for the 4 shown.
        await page.GetByRole(AriaRole.Button, new() { Name = "Add to shopping list" }).ClickAsync();
        await Assertions.Expect(page.Locator(".flash-messages")).ToContainTextAsync("3 ingredients of “Butter cake” for 4 added to the shopping list.");

        // Import a recipe from a page on loopback; one line could not be read with confidence.
        await page.GotoAsync(app.Url("/recipes/import", ws));
        await page.GetByLabel("Address of a recipe page").FillAsync($"http://127.0.0.1:{port}/flatbreads");
        await page.GetByRole(AriaRole.Button, new() { Name = "Read the recipe" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("import-found")).ToContainTextAsync("structured data (JSON-LD)");
        await Assertions.Expect(page.GetByLabel("Title")).ToHaveValueAsync("Buttery flatbreads");
        var doubtful = page.Locator("[data-testid=review-row][data-low=true]");
        await Assertions.Expect(doubtful).ToHaveCountAsync(1);
        await Assertions.Expect(doubtful).ToContainTextAsync("1 1/2");
        // Review: write what the line meant, check again, and the doubt is gone.
        var ingredients = page.GetByLabel("Ingredients", new() { Exact = true });
        await ingredients.FillAsync((await ingredients.InputValueAsync()).Replace("1 1/2 (about 200 ml)", "200 ml warm milk", StringComparison.Ordinal));
        await page.GetByRole(AriaRole.Button, new() { Name = "Check ingredients" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("review-row")).ToHaveCountAsync(4);
        await Assertions.Expect(page.Locator("[data-testid=review-row][data-low=true]")).ToHaveCountAsync(0);
        await page.GetByRole(AriaRole.Button, new() { Name = "Add recipe" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/recipes/buttery-flatbreads$"));
        await Assertions.Expect(page.GetByTestId("visibility")).ToHaveTextAsync("Only me");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add to shopping list" }).ClickAsync();

        // The list merges the two recipes' flour and butter, by aisle.
        await page.GotoAsync(app.Url("/recipes/shopping", ws));
        var butter = page.GetByTestId("shopping-item").Filter(new() { Has = page.GetByTestId("item-food").GetByText("butter", new() { Exact = true }) });
        await Assertions.Expect(butter.GetByTestId("item-amount")).ToHaveTextAsync("200 g");
        await Assertions.Expect(page.GetByTestId("shopping-item").Filter(new() { HasText = "warm milk" }).GetByTestId("item-amount")).ToHaveTextAsync("200 ml");
        await Assertions.Expect(page.GetByRole(AriaRole.Region, new() { Name = "Dairy & eggs" })).ToContainTextAsync("butter");
        // Check the butter off: it stays checked after a reload.
        await butter.GetByRole(AriaRole.Button).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=shopping-item][data-checked=true]")).ToHaveCountAsync(1);
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("[data-testid=shopping-item][data-checked=true]")).ToContainTextAsync("butter");
        await site.StopAsync(TestContext.Current.CancellationToken);
    }
}
