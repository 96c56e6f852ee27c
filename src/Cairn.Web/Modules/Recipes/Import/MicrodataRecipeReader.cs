using AngleSharp.Dom;

namespace Cairn.Web.Modules.Recipes.Import;

/// <summary>
/// Reads a schema.org Recipe written as microdata (<c>itemscope itemtype="…schema.org/Recipe"</c>, <c>itemprop</c>
/// on its parts), as older recipe plugins and hand-written pages do. A property belongs to the nearest item around
/// it, so the name of the recipe's author (a Person item inside it) is not taken for the recipe's name.
/// </summary>
internal static class MicrodataRecipeReader
{
    private const int MaxProperties = 5_000;
    private const int MaxStepDepth = 4;

    public static RecipeDraft? Read(PageIndex page)
    {
        IElement? recipe = null;
        for (var i = 0; i < page.Count && recipe is null; i++)
        {
            if (page[i].HasAttribute("itemscope") && IsRecipe(page[i].GetAttribute("itemtype"))) recipe = page[i];
        }

        if (recipe is null) return null;
        var properties = Properties(recipe);
        IElement? First(string name) => properties.FirstOrDefault(p => p.Name == name).Element;
        string Text(string name, int max) => First(name) is { } e ? ImportText.Line(TextValue(e, max), max, html: false) : "";

        var draft = new RecipeDraft
        {
            Title = Text("name", ImportText.MaxTitle),
            Summary = Text("description", ImportText.MaxSummary),
            PrepMinutes = ImportText.Minutes(Text("prepTime", 64)),
            CookMinutes = ImportText.Minutes(Text("cookTime", 64)),
            TotalMinutes = ImportText.Minutes(Text("totalTime", 64)),
            Servings = ImportText.Servings(Text("recipeYield", 100)),
            Cuisine = Text("recipeCuisine", Recipe.MaxCuisineLength),
            Url = First("url") is { } url ? AddressValue(url) : null,
        };

        foreach (var (name, element) in properties)
        {
            switch (name)
            {
                case "recipeIngredient" or "ingredients" when !draft.IngredientsFull:
                    draft.AddIngredient(ImportText.Line(TextValue(element, ImportText.MaxIngredientLine), ImportText.MaxIngredientLine, html: false));
                    break;
                case "recipeInstructions" when !draft.Steps.IsFull:
                    AddInstructions(element, draft.Steps, 0);
                    break;
                case "image" when element.HasAttribute("itemscope"):
                    var image = Properties(element).FirstOrDefault(p => p.Name is "url" or "contentUrl").Element;
                    if (image is not null) draft.AddImage(AddressValue(image));
                    break;
                case "image":
                    draft.AddImage(AddressValue(element));
                    break;
            }
        }

        return draft.LooksLikeARecipe ? draft : null;
    }

    // itemtype is a list of addresses; http or https, with or without "www." and a closing slash.
    private static bool IsRecipe(string? itemtype) => (itemtype ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)
        .Any(t => t.TrimEnd('/').EndsWith("schema.org/Recipe", StringComparison.OrdinalIgnoreCase));

    /// <summary>The properties of the item <paramref name="scope"/>, in document order; nested items' own properties are theirs, not its.</summary>
    private static List<(string Name, IElement Element)> Properties(IElement scope)
    {
        var found = new List<(string Name, IElement Element)>();
        var stack = new Stack<IElement>();
        PushChildren(scope, stack);
        while (stack.Count > 0 && found.Count < MaxProperties)
        {
            var element = stack.Pop();
            if (element.GetAttribute("itemprop") is { } names)
            {
                // A property may be named by its full address (http://schema.org/name).
                foreach (var name in names.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)) found.Add((name[(name.LastIndexOf('/') + 1)..], element));
            }

            if (!element.HasAttribute("itemscope")) PushChildren(element, stack);
        }

        return found;
    }

    private static void PushChildren(IElement element, Stack<IElement> stack)
    {
        var children = element.ChildNodes;
        for (var i = children.Length - 1; i >= 0; i--)
        {
            if (children[i] is IElement child) stack.Push(child);
        }
    }

    private static void AddInstructions(IElement element, StepList steps, int depth)
    {
        if (depth > MaxStepDepth || steps.IsFull) return;
        if (!element.HasAttribute("itemscope"))
        {
            // Plain markup: a list or paragraphs are a step each; a single block stays one step.
            foreach (var line in PageIndex.LinesOf(element, Recipe.MaxStepsLength))
            {
                if (steps.IsFull) break;
                steps.Step(line);
            }

            return;
        }

        var properties = Properties(element);
        var items = properties.Where(p => p.Name is "itemListElement" or "step").Select(p => p.Element).ToList();
        if (items.Count > 0)
        {
            // A HowToSection: its name, then its steps.
            if (properties.FirstOrDefault(p => p.Name == "name").Element is { } name) steps.Section(TextValue(name, ImportText.MaxSection));
            foreach (var item in items) AddInstructions(item, steps, depth + 1);
            return;
        }

        // A HowToStep: its text, else its name, else all it says.
        var text = properties.FirstOrDefault(p => p.Name == "text").Element ?? properties.FirstOrDefault(p => p.Name == "name").Element ?? element;
        steps.Step(TextValue(text, Recipe.MaxStepsLength));
    }

    /// <summary>A property's text: a <c>content</c> or <c>datetime</c> attribute (times, meta tags), else what it says.</summary>
    private static string TextValue(IElement element, int max) =>
        element.GetAttribute("content") ?? element.GetAttribute("datetime") ?? PageIndex.TextOf(element, max);

    /// <summary>A property's address: <c>content</c>, <c>src</c>, <c>href</c> or <c>data</c>, else its text.</summary>
    private static string AddressValue(IElement element) =>
        element.GetAttribute("content") ?? element.GetAttribute("src") ?? element.GetAttribute("href") ?? element.GetAttribute("data")
        ?? PageIndex.TextOf(element, Recipe.MaxSourceLength);
}
