using Cairn.Web.Modules.Recipes.Import;

namespace Cairn.Tests.Modules.Recipes.Import;

/// <summary>
/// The many shapes schema.org values take on real sites: where the Recipe sits in the JSON-LD, how its type,
/// instructions and yield are written, and ISO 8601 durations.
/// </summary>
public sealed class RecipeSchemaShapesTests
{
    private static ImportedRecipe? ReadJsonLd(string json) =>
        RecipePageReader.Read($"""<html><head><script type="application/ld+json">{json}</script></head><body></body></html>""", null);

    [Theory]
    [InlineData("""{"@type":"Recipe","name":"Soup","recipeIngredient":["1 leek"]}""")]
    [InlineData("""{"@type":["Recipe","NewsArticle"],"name":"Soup","recipeIngredient":["1 leek"]}""")]
    [InlineData("""{"@type":"http://schema.org/Recipe","name":"Soup","recipeIngredient":["1 leek"]}""")]
    [InlineData("""[{"@type":"WebSite","name":"Site"},{"@type":"Recipe","name":"Soup","recipeIngredient":["1 leek"]}]""")]
    [InlineData("""{"@context":"https://schema.org","@graph":[{"@type":"WebPage","name":"Page"},{"@type":"Recipe","name":"Soup","recipeIngredient":["1 leek"]}]}""")]
    [InlineData("""{"@type":"WebPage","name":"Page","mainEntity":{"@type":"Recipe","name":"Soup","recipeIngredient":["1 leek"]}}""")]
    [InlineData("""/* a comment */ {"@type":"Recipe","name":"Soup","recipeIngredient":["1 leek",],}""")]
    public void Read_TheRecipeWhereverTheJsonLdPutsIt_IsFound(string json)
    {
        var recipe = ReadJsonLd(json);

        Assert.NotNull(recipe);
        Assert.Equal(("json-ld", "Soup"), (recipe.Method, recipe.Title));
        Assert.Equal(["1 leek"], recipe.IngredientLines);
    }

    [Theory]
    [InlineData("\"Boil the water.\\nAdd the pasta.\"", "1. Boil the water.\n2. Add the pasta.")]
    [InlineData("\"Boil the water and add the pasta. Drain it when done.\"", "1. Boil the water and add the pasta. Drain it when done.")]
    [InlineData("[\"Boil the water.\", \"Add the pasta.\"]", "1. Boil the water.\n2. Add the pasta.")]
    [InlineData("\"<ol><li>Boil the water.</li><li>Add the <b>pasta</b>.</li></ol>\"", "1. Boil the water.\n2. Add the pasta.")]
    [InlineData("\"&lt;p&gt;Boil the water.&lt;/p&gt;&lt;p&gt;Add the pasta &amp;amp; salt.&lt;/p&gt;\"", "1. Boil the water.\n2. Add the pasta & salt.")]
    [InlineData("[{\"@type\":\"HowToStep\",\"text\":\"1. Boil the water.\"},{\"@type\":\"HowToStep\",\"name\":\"Step 2: Add the pasta.\"}]", "1. Boil the water.\n2. Add the pasta.")]
    [InlineData("{\"@type\":\"HowToSection\",\"name\":\"Pasta\",\"itemListElement\":[{\"@type\":\"HowToStep\",\"text\":\"Boil the water.\"}]}", "**Pasta**\n\n1. Boil the water.")]
    [InlineData("[{\"@type\":\"HowToStep\",\"text\":\"- not a list, # not a heading, <script>alert(1)<\\/script> not HTML\"}]", "1. \\- not a list, # not a heading, alert(1) not HTML")]
    [InlineData("[{\"@type\":\"HowToStep\",\"text\":\"Stir until &lt;3 bubbles per second\"}]", "1. Stir until <3 bubbles per second")]
    public void Read_RecipeInstructionsInEachForm_BecomeANumberedMarkdownList(string instructions, string steps)
    {
        var recipe = ReadJsonLd($$"""{"@type":"Recipe","name":"Pasta","recipeInstructions":{{instructions}}}""");

        Assert.NotNull(recipe);
        Assert.Equal(steps, recipe.Steps);
    }

    [Theory]
    [InlineData("\"4\"", 4)]
    [InlineData("4", 4)]
    [InlineData("\"4 servings\"", 4)]
    [InlineData("[\"4\", \"4 portions\"]", 4)]
    [InlineData("[\"a family\", \"6 portions\"]", 6)]
    [InlineData("\"Serves 4-6\"", 4)]
    [InlineData("\"Makes about 24 cookies\"", 24)]
    [InlineData("\"0\"", null)]
    [InlineData("\"a crowd\"", null)]
    [InlineData("10000", null)]
    public void Read_RecipeYield_GivesTheFirstNumberAsServings(string yield, int? servings)
    {
        var recipe = ReadJsonLd($$"""{"@type":"Recipe","name":"Rolls","recipeYield":{{yield}}}""");

        Assert.NotNull(recipe);
        Assert.Equal(servings, recipe.Servings);
    }

    [Theory]
    [InlineData("PT1H30M", 90)]
    [InlineData("PT90M", 90)]
    [InlineData("P0DT0H45M", 45)]
    [InlineData("PT0.5H", 30)]
    [InlineData("pt20m", 20)]
    [InlineData(" PT10M ", 10)]
    [InlineData("P1D", 1440)]
    [InlineData("P1W", 10080)]
    [InlineData("PT0M", 0)]
    [InlineData("-PT10M", null)]
    [InlineData("P8D", null)]
    [InlineData("PT200H", null)]
    [InlineData("P1Y", null)]
    [InlineData("PT", null)]
    [InlineData("P", null)]
    [InlineData("30 minutes", null)]
    [InlineData("", null)]
    public void Minutes_ReadsIsoDurationsUpToAWeek(string duration, int? minutes)
    {
        Assert.Equal(minutes, ImportText.Minutes(duration));
    }

    [Fact]
    public void Read_AnImageGivenByItsIdInTheGraph_IsFoundThere()
    {
        var recipe = ReadJsonLd("""
            {"@graph":[{"@type":"ImageObject","@id":"https://x.example/#primaryimage","url":"https://x.example/soup.jpg"},
                       {"@type":"Recipe","name":"Soup","image":{"@id":"https://x.example/#primaryimage"}}]}
            """);

        Assert.NotNull(recipe);
        Assert.Equal(["https://x.example/soup.jpg"], recipe.ImageUrls);
    }

    [Fact]
    public void Read_LongValues_AreCutToTheirColumns()
    {
        var longWord = new string('a', 5_000);
        var recipe = ReadJsonLd($$"""
            {"@type":"Recipe","name":"{{longWord}}","description":"{{longWord}}","recipeCuisine":["{{longWord}}"],
             "recipeIngredient":["{{longWord}}"],"recipeInstructions":["{{longWord}}"]}
            """);

        Assert.NotNull(recipe);
        Assert.Equal(200, recipe.Title.Length);
        Assert.Equal(1_000, recipe.Summary.Length);
        Assert.Equal(40, recipe.Cuisine.Length);
        Assert.Equal(299, Assert.Single(recipe.IngredientLines).Length);
        Assert.Equal("1. " + longWord, recipe.Steps);
    }

    [Fact]
    public void Read_JsonLdNestedDeeperThan64_IsSkippedAndTheNextWayIsTried()
    {
        var deep = new string('[', 100) + new string(']', 100);
        var html = $"""
            <script type="application/ld+json">{deep}</script>
            <div itemscope itemtype="https://schema.org/Recipe"><h1 itemprop="name">Porridge</h1><span itemprop="recipeIngredient">50 g oats</span></div>
            """;

        var recipe = RecipePageReader.Read(html, null);

        Assert.NotNull(recipe);
        Assert.Equal(("microdata", "Porridge"), (recipe.Method, recipe.Title));
    }

    [Fact]
    public void Read_ARecipeNodeWithNothingInIt_IsNoRecipe()
    {
        Assert.Null(ReadJsonLd("""{"@type":"Recipe"}"""));
    }
}
