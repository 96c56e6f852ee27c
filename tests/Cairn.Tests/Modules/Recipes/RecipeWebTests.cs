using System.Net;
using System.Text.Json;
using System.Xml.Linq;
using Cairn.Tests.Infrastructure;
using Cairn.Web.Modules.Recipes;
using static Cairn.Tests.Modules.Recipes.RecipeKit;

namespace Cairn.Tests.Modules.Recipes;

/// <summary>What the web sees: public recipes in the sitemap and the Atom feed, with JSON-LD and Open Graph tags that parse back; nothing else.</summary>
public sealed class RecipeWebTests(CairnApp app)
{
    [Fact]
    public async Task PublicRecipes_AreInTheSitemapAndFeed_WithStructuredDataThatParsesBack_AndNothingElseIs()
    {
        var (ws, owner, client) = await SignedInOwnerAsync(app, "rcp-web");
        using (client)
        {
            await PostFormAsync(client, "/recipes/new",
            [
                Field("Input.Title", "Open <b>bread</b> & butter"), Field("Input.Summary", "Crusty. </script><script>alert(1)</script>"),
                Field("Input.Ingredients", "500 g strong flour\n10 g salt\n7 g yeast\n350 ml water"), Field("Input.Steps", "1. Mix.\n2. Knead for 10 minutes.\n3. Bake."),
                Field("Input.PrepMinutes", "20"), Field("Input.CookMinutes", "35"), Field("Input.Servings", "8"), Field("Input.Cuisine", "French"),
                Field("Input.Diets", "Vegan"), Field("Input.Visibility", "Public"),
            ], [("loaf.jpg", TestImages.Halves(60, 40), "image/jpeg")]);
            await CreateAsync(app, ws, owner.Id, Input("Team stew"));
            await CreateAsync(app, ws, owner.Id, Input("Secret sauce", visibility: RecipeVisibility.Private));
            var (otherWs, otherOwner) = (await app.CreateWorkspaceAsync(prefix: "rcp-web2"), owner);
            await CreateAsync(app, otherWs, otherOwner.Id, Input("Elsewhere cake", visibility: RecipeVisibility.Public));

            using var visitor = app.Browser(ws);
            var sitemap = XDocument.Parse(await visitor.Http.GetStringAsync("/sitemap.xml"));
            var locations = sitemap.Descendants(XName.Get("loc", "http://www.sitemaps.org/schemas/sitemap/0.9")).Select(l => new Uri(l.Value).AbsolutePath).ToList();
            Assert.Contains("/recipes/open-b-bread-b-butter", locations.Select(WebUtility.UrlDecode));
            Assert.DoesNotContain(locations, l => l.Contains("stew") || l.Contains("sauce") || l.Contains("elsewhere"));

            var feed = XDocument.Parse(await visitor.Http.GetStringAsync("/recipes/feed"));
            XNamespace atom = "http://www.w3.org/2005/Atom";
            var entry = Assert.Single(feed.Root!.Elements(atom + "entry"));
            Assert.Equal("Open <b>bread</b> & butter", entry.Element(atom + "title")!.Value);
            Assert.Contains("<li>500 g strong flour</li>", entry.Element(atom + "content")!.Value);

            var (response, page) = await visitor.GetAsync("/recipes/open-b-bread-b-butter");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("Open <b>bread</b> & butter", page.QuerySelector("meta[property='og:title']")!.GetAttribute("content"));
            Assert.Equal("Crusty. </script><script>alert(1)</script>", page.QuerySelector("meta[property='og:description']")!.GetAttribute("content"));
            var image = page.QuerySelector("meta[property='og:image']")!.GetAttribute("content")!;
            Assert.Equal(HttpStatusCode.OK, (await visitor.Http.GetAsync(new Uri(image).AbsolutePath)).StatusCode);

            var scripts = page.QuerySelectorAll("script[type='application/ld+json']");
            var json = JsonDocument.Parse(Assert.Single(scripts).TextContent).RootElement;
            Assert.Equal(("https://schema.org", "Recipe"), (json.GetProperty("@context").GetString(), json.GetProperty("@type").GetString()));
            Assert.Equal("Open <b>bread</b> & butter", json.GetProperty("name").GetString());
            Assert.Equal("Crusty. </script><script>alert(1)</script>", json.GetProperty("description").GetString());
            Assert.Equal(["500 g strong flour", "10 g salt", "7 g yeast", "350 ml water"], json.GetProperty("recipeIngredient").EnumerateArray().Select(i => i.GetString()));
            Assert.Equal(["Mix.", "Knead for 10 minutes.", "Bake."], json.GetProperty("recipeInstructions").EnumerateArray().Select(s => s.GetProperty("text").GetString()));
            Assert.Equal(("PT20M", "PT35M", "PT55M", "8 servings"), (json.GetProperty("prepTime").GetString(), json.GetProperty("cookTime").GetString(), json.GetProperty("totalTime").GetString(), json.GetProperty("recipeYield").GetString()));
            Assert.Equal(["https://schema.org/VeganDiet"], json.GetProperty("suitableForDiet").EnumerateArray().Select(d => d.GetString()));
            Assert.Equal(image, json.GetProperty("image")[0].GetString());
            Assert.Equal(owner.DisplayName, json.GetProperty("author").GetProperty("name").GetString());
            // Only one script element: nothing the author wrote closed the structured data's.
            Assert.Equal(1, page.QuerySelectorAll("script").Count(s => s.TextContent.Contains("alert", StringComparison.Ordinal)));

            // A members' recipe carries none of it, and asks search engines to stay away.
            var (_, stew) = await client.GetAsync("/recipes/team-stew");
            Assert.Empty(stew.QuerySelectorAll("script[type='application/ld+json'], meta[property^='og:']"));
            Assert.Equal("noindex", stew.QuerySelector("meta[name=robots]")!.GetAttribute("content"));
        }
    }
}
