using Cairn.Tests.Infrastructure;
using Cairn.Web.Modules.Recipes.Import;

namespace Cairn.Tests.Modules.Recipes.Import;

/// <summary>
/// The recipe reader over pages shaped like real recipe sites (invented content, in pages/): JSON-LD in a Yoast
/// graph or an array, microdata, a broken JSON-LD block, a page with no schema at all, and one that is no recipe.
/// </summary>
public sealed class RecipePageReaderTests
{
    internal static string Page(string name) =>
        File.ReadAllText(RepositoryFiles.FindUp($"tests/Cairn.Tests/Modules/Recipes/Import/pages/{name}") ?? throw new FileNotFoundException(name));

    [Fact]
    public void Read_JsonLdInAYoastGraph_GivesTitleIngredientsSectionedStepsAndTimes()
    {
        var recipe = RecipePageReader.Read(Page("yoast-graph.html"), new Uri("https://hedgerow.example/brown-butter-apple-galette/"));

        Assert.NotNull(recipe);
        Assert.Equal("json-ld", recipe.Method);
        Assert.Equal("Brown Butter Apple Galette", recipe.Title);
        Assert.Equal("A rustic free-form tart: flaky rye pastry, apples & brown butter, baked until the edges crackle. Best on the day.", recipe.Summary);
        Assert.Equal(
            ["150 g plain flour", "50 g dark rye flour", "½ tsp fine salt", "125 g cold unsalted butter, cubed", "4–5 tbsp iced water",
             "4 Cox or Braeburn apples (about 600 g)", "60 g butter, browned", "3 tbsp light muscovado sugar", "1 egg, beaten, to glaze"],
            recipe.IngredientLines);
        Assert.Equal(
            "**For the pastry**\n\n"
            + "1. Mix the flours and salt, then rub in the cold butter until it looks like rough crumbs.\n"
            + "2. Add the iced water a spoonful at a time and bring it together. Chill for 30 minutes.\n\n"
            + "**For the filling**\n\n"
            + "1. Slice the apples thinly & toss them with the sugar and half the brown butter.\n"
            + "2. Roll out the pastry to a 30 cm round, pile the apples in the middle and fold the edges over.\n"
            + "3. Brush with egg and bake at 200°C for 40–45 minutes. Drizzle with the rest of the butter.",
            recipe.Steps);
        Assert.Equal((30, 45, 75), (recipe.PrepMinutes, recipe.CookMinutes, recipe.TotalMinutes));
        Assert.Equal(8, recipe.Servings);
        Assert.Equal("French", recipe.Cuisine);
        Assert.Equal("https://hedgerow.example/brown-butter-apple-galette/", recipe.SourceUrl);
        Assert.Equal(
            ["https://hedgerow.example/wp-content/uploads/2024/10/galette-1x1.jpg", "https://hedgerow.example/wp-content/uploads/2024/10/galette-4x3.jpg",
             "https://hedgerow.example/wp-content/uploads/2024/10/galette-16x9.jpg"],
            recipe.ImageUrls);
    }

    [Fact]
    public void Read_JsonLdArrayWithImageObjects_KeepsAbsoluteImagesAndTheCanonicalSource()
    {
        var recipe = RecipePageReader.Read(Page("jsonld-array.html"), pageAddress: null);

        Assert.NotNull(recipe);
        Assert.Equal("json-ld", recipe.Method);
        Assert.Equal("Green Curry with Squash & Tofu", recipe.Title);
        Assert.Equal("Weeknight Thai green curry. Ready in just over an hour, most of it hands-off.", recipe.Summary);
        Assert.Equal(
            ["2 tbsp vegetable oil", "3 tbsp green curry paste", "400 ml coconut milk", "1 small butternut squash, peeled and cubed",
             "280 g firm tofu, pressed", "2 tsp fish sauce (or soy sauce)", "Thai basil, to serve"],
            recipe.IngredientLines);
        Assert.Equal(
            "1. Fry the curry paste in the oil for two minutes.\n"
            + "2. Add the coconut milk and the squash; simmer for 25 minutes.\n"
            + "3. Add the tofu and fish sauce and heat through. Scatter with basil.",
            recipe.Steps);
        Assert.Equal((30, 40, 70), (recipe.PrepMinutes, recipe.CookMinutes, recipe.TotalMinutes));
        Assert.Equal(4, recipe.Servings);
        Assert.Equal("Thai", recipe.Cuisine);
        // Without the page's address, its canonical link; the relative image cannot be placed, the javascript: one never is.
        Assert.Equal("https://weeknightpan.example/recipes/green-curry-squash", recipe.SourceUrl);
        Assert.Equal(["https://cdn.weeknightpan.example/img/green-curry-wide.jpg"], recipe.ImageUrls);
    }

    [Fact]
    public void Read_WithThePageAddress_ResolvesRelativeImagesAgainstIt()
    {
        var recipe = RecipePageReader.Read(Page("jsonld-array.html"), new Uri("https://weeknightpan.example/recipes/green-curry-squash"));

        Assert.NotNull(recipe);
        Assert.Equal("https://weeknightpan.example/recipes/green-curry-squash", recipe.SourceUrl);
        Assert.Equal(
            ["https://cdn.weeknightpan.example/img/green-curry-wide.jpg", "https://weeknightpan.example/img/green-curry-square.jpg"],
            recipe.ImageUrls);
    }

    [Fact]
    public void Read_MicrodataOnly_GivesTheRecipeButNotItsAuthorsName()
    {
        var recipe = RecipePageReader.Read(Page("microdata.html"), new Uri("https://notebook.example/recipes/stew.html"));

        Assert.NotNull(recipe);
        Assert.Equal("microdata", recipe.Method);
        Assert.Equal("Granny Doyle’s Beef and Stout Stew", recipe.Title);
        Assert.Equal("Chuck steak, stout and root vegetables, cooked low and slow until the gravy is glossy.", recipe.Summary);
        Assert.Equal(
            ["1 kg beef chuck, in 4 cm pieces", "2 tbsp plain flour", "3 tbsp rapeseed oil", "2 onions, chopped", "500 ml stout", "3 carrots, in chunks"],
            recipe.IngredientLines);
        Assert.Equal(
            "1. Toss the beef in the flour.\n"
            + "2. Brown it in batches in the oil, then set aside.\n"
            + "3. Soften the onions, return the beef, add the stout and carrots, and simmer, covered, for 2½ hours.",
            recipe.Steps);
        Assert.Equal((20, 150, 170), (recipe.PrepMinutes, recipe.CookMinutes, recipe.TotalMinutes));
        Assert.Equal(6, recipe.Servings);
        Assert.Equal("Irish", recipe.Cuisine);
        Assert.Equal(["https://notebook.example/photos/stew-large.jpg"], recipe.ImageUrls);
    }

    [Fact]
    public void Read_BrokenJsonLdBesideValidMicrodata_SkipsTheBlockAndReadsTheMicrodata()
    {
        var recipe = RecipePageReader.Read(Page("broken-jsonld.html"), new Uri("https://bakeclub.example/lemon-drizzle"));

        Assert.NotNull(recipe);
        Assert.Equal("microdata", recipe.Method);
        Assert.Equal("Lemon Drizzle Traybake", recipe.Title);
        Assert.Equal(6, recipe.IngredientLines.Count);
        Assert.Equal(
            "**Sponge**\n\n"
            + "1. Beat the butter, caster sugar, eggs, flour and zest together.\n"
            + "2. Bake in a lined 30 × 23 cm tin at 180°C for 35 minutes.\n\n"
            + "**Drizzle**\n\n"
            + "1. Stir the lemon juice into the granulated sugar and spoon it over the warm cake.",
            recipe.Steps);
        Assert.Equal((15, 35, (int?)null), (recipe.PrepMinutes, recipe.CookMinutes, recipe.TotalMinutes));
        Assert.Equal(16, recipe.Servings);
        Assert.Equal(
            ["https://bakeclub.example/media/lemon-drizzle.jpg", "https://bakeclub.example/media/lemon-drizzle-square.jpg"],
            recipe.ImageUrls);
    }

    [Fact]
    public void Read_NoSchemaAtAll_FallsBackToHeadingsAndListsWithIngredientSections()
    {
        var recipe = RecipePageReader.Read(Page("no-schema.html"), new Uri("https://crumb.example/bakes/cinnamon-buns"));

        Assert.NotNull(recipe);
        Assert.Equal("page", recipe.Method);
        Assert.Equal("Sunday Cinnamon Buns", recipe.Title);
        Assert.Equal("Soft, sticky buns with a brown sugar filling.", recipe.Summary);
        Assert.Equal(
            ["For the dough:", "500 g strong white flour", "7 g fast-action yeast", "250 ml warm milk", "60 g butter, melted", "1 egg",
             "For the filling:", "100 g soft butter", "120 g light brown sugar", "2 tbsp ground cinnamon"],
            recipe.IngredientLines);
        Assert.Equal(
            "1. Mix the dough ingredients and knead for 10 minutes, until smooth.\n"
            + "2. Cover and leave in the fridge overnight.\n"
            + "3. Roll out, spread with the filling, roll up and cut into 12.\n"
            + "4. Prove for an hour, then bake at 190°C for 20 minutes.",
            recipe.Steps);
        Assert.Equal(["https://crumb.example/images/buns.jpg"], recipe.ImageUrls);
        Assert.Null(recipe.Servings);
        Assert.Equal("", recipe.Cuisine);
    }

    [Fact]
    public void Read_APageThatIsNoRecipe_ReturnsNull()
    {
        Assert.Null(RecipePageReader.Read(Page("not-a-recipe.html"), new Uri("https://workday.example/inbox")));
        Assert.Null(RecipePageReader.Read("", null));
        Assert.Null(RecipePageReader.Read("<p>Just a paragraph</p>", null));
    }

    [Fact]
    public void Read_NoSchemaStepsAsParagraphs_TakesEachParagraphAsAStep()
    {
        const string html = """
            <h1>Toast</h1>
            <h2>Ingredients</h2><ul><li>2 slices of bread</li><li>Butter</li></ul>
            <h2>Directions</h2><p>Toast the bread.</p><p>Butter it while hot.</p>
            <h2>Comments</h2><p>Lovely!</p>
            """;

        var recipe = RecipePageReader.Read(html, null);

        Assert.NotNull(recipe);
        Assert.Equal("Toast", recipe.Title);
        Assert.Equal("1. Toast the bread.\n2. Butter it while hot.", recipe.Steps);
        Assert.Null(recipe.SourceUrl);
    }
}
