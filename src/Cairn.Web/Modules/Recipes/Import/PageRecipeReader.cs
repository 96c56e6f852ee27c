using AngleSharp.Dom;

namespace Cairn.Web.Modules.Recipes.Import;

/// <summary>
/// The last resort, for pages without schema.org data: the ingredients are the list(s) after a heading that says
/// "ingredient", the method the list(s) or paragraphs after one that says "method", "instructions", "directions"
/// or "steps". Smaller headings between lists name their sections. Without both, the page is no recipe.
/// </summary>
internal static class PageRecipeReader
{
    private const int MaxHeadingsRead = 2_000;
    private const int MaxElementsWalked = 20_000;

    private static readonly string[] MethodWords = ["method", "instructions", "directions", "steps"];

    public static RecipeDraft? Read(PageIndex page)
    {
        int? ingredientsAt = null, methodAt = null;
        var headings = 0;
        for (var i = 0; i < page.Count && headings < MaxHeadingsRead && (ingredientsAt is null || methodAt is null); i++)
        {
            if (Level(page[i]) is not (>= 1 and <= 4)) continue;
            headings++;
            var text = PageIndex.TextOf(page[i], 200);
            if (ingredientsAt is null && text.Contains("ingredient", StringComparison.OrdinalIgnoreCase)) ingredientsAt = i;
            else if (methodAt is null && MethodWords.Any(w => text.Contains(w, StringComparison.OrdinalIgnoreCase))) methodAt = i;
        }

        if (ingredientsAt is not { } ingredientsHeading || methodAt is not { } methodHeading) return null;

        var draft = new RecipeDraft { Title = page.Title() };
        // Each part ends where the other's heading starts, whatever the headings' sizes.
        foreach (var group in Groups(page, ingredientsHeading, methodHeading, paragraphs: false))
        {
            if (group.Section is { } section) draft.AddIngredientSection(section);
            foreach (var item in group.Items) draft.AddIngredient(ImportText.Cut(item, ImportText.MaxIngredientLine));
        }

        foreach (var group in Groups(page, methodHeading, ingredientsHeading, paragraphs: true))
        {
            if (group.Section is { } section) draft.Steps.Section(section);
            foreach (var item in group.Items) draft.Steps.Step(item);
        }

        return draft.Ingredients.Any(line => !line.EndsWith(':')) && !draft.Steps.IsEmpty ? draft : null;
    }

    private static int? Level(IElement element) =>
        element.LocalName is ['h', >= '1' and <= '6'] name ? name[1] - '0' : null;

    /// <summary>
    /// The lists after the heading at <paramref name="start"/>, each with the sub-heading before it, until a heading
    /// as large as it, the heading at <paramref name="other"/>, or prose after the lists began. With <paramref name="paragraphs"/>, and no list, the
    /// paragraphs under the heading are the items instead.
    /// </summary>
    private static List<(string? Section, List<string> Items)> Groups(PageIndex page, int start, int other, bool paragraphs)
    {
        var level = Level(page[start]) ?? 1;
        var lists = new List<(string? Section, List<string> Items)>();
        var prose = new List<(string? Section, List<string> Items)>();
        string? section = null;
        var end = Math.Min(other > start ? other : page.Count, start + MaxElementsWalked);
        for (var i = page.After(start); i < end;)
        {
            var element = page[i];
            var name = element.LocalName;
            if (Level(element) is { } sub)
            {
                if (sub <= level) break;
                section = PageIndex.TextOf(element, ImportText.MaxSection);
                i = page.After(i);
            }
            else if (name is "ul" or "ol")
            {
                lists.Add((section, Items(element)));
                section = null;
                i = page.After(i);
            }
            else if (name == "p")
            {
                var text = PageIndex.TextOf(element, Recipe.MaxStepsLength);
                if (IsLabel(element, text)) section = text;
                else if (lists.Count > 0) break;
                else if (paragraphs && text.Length > 0)
                {
                    if (prose.Count == 0 || section is not null) prose.Add((section, []));
                    prose[^1].Items.Add(text);
                    section = null;
                }

                i = page.After(i);
            }
            else
            {
                // A wrapper (div, section, span…): walk into it.
                i++;
            }
        }

        return lists.Count > 0 ? lists : prose;
    }

    private static List<string> Items(IElement list)
    {
        var items = new List<string>();
        foreach (var child in list.ChildNodes)
        {
            if (child is IElement { LocalName: "li" } item && PageIndex.TextOf(item, Recipe.MaxStepsLength) is { Length: > 0 } text) items.Add(text);
            if (items.Count >= ImportText.MaxIngredientLines * 5) break;
        }

        return items;
    }

    // A short paragraph in bold, or ending in a colon, names the list after it: "<p><strong>For the sauce</strong></p>".
    private static bool IsLabel(IElement paragraph, string text)
    {
        if (text.Length is 0 or > ImportText.MaxSection) return false;
        if (text.EndsWith(':')) return true;
        var children = paragraph.Children;
        return children.Length == 1 && children[0].LocalName is "strong" or "b"
            && PageIndex.TextOf(children[0], ImportText.MaxSection) == text;
    }
}
