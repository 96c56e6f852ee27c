using System.Text.Json;

namespace Cairn.Web.Modules.Recipes.Import;

/// <summary>
/// Reads a schema.org Recipe from a page's <c>&lt;script type="application/ld+json"&gt;</c> blocks: the recipe may
/// be a block's root, in an array, in <c>@graph</c> or a page's <c>mainEntity</c>, and its <c>@type</c> a name or a
/// list. A block that is not valid JSON, or nests deeper than 64, is skipped. Values of the wrong shape are read
/// as well as they can be and never throw.
/// </summary>
internal static class JsonLdRecipeReader
{
    private static readonly JsonDocumentOptions Parsing = new()
    {
        MaxDepth = 64,
        AllowTrailingCommas = true,
        CommentHandling = JsonCommentHandling.Skip,
    };

    // Bounds on how far the search and the value readers look, whatever the page sends.
    private const int MaxNodesSearched = 10_000;
    private const int MaxInstructionDepth = 6;

    public static RecipeDraft? Read(PageIndex page)
    {
        foreach (var script in page.Named("script"))
        {
            var type = (script.GetAttribute("type") ?? "").Split(';')[0].Trim();
            if (!type.Equals("application/ld+json", StringComparison.OrdinalIgnoreCase)) continue;
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(Unwrap(script.TextContent), Parsing);
            }
            catch (JsonException)
            {
                continue;
            }

            using (document)
            {
                var searched = 0;
                if (Find(document.RootElement, ref searched) is { } recipe)
                {
                    var draft = Draft(recipe, Identified(document.RootElement));
                    if (draft.LooksLikeARecipe) return draft;
                }
            }
        }

        return null;
    }

    // Some sites wrap the JSON in an HTML comment or CDATA markers, left over from older habits.
    private static string Unwrap(string text)
    {
        var json = text.Trim();
        foreach (var (start, end) in new[] { ("<!--", "-->"), ("//<![CDATA[", "//]]>"), ("<![CDATA[", "]]>") })
        {
            if (json.StartsWith(start, StringComparison.Ordinal)) json = json[start.Length..];
            if (json.EndsWith(end, StringComparison.Ordinal)) json = json[..^end.Length];
        }

        return json.Trim();
    }

    private static JsonElement? Find(JsonElement node, ref int searched)
    {
        if (searched++ > MaxNodesSearched) return null;
        if (node.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in node.EnumerateArray())
            {
                if (Find(item, ref searched) is { } found) return found;
            }
        }
        else if (node.ValueKind == JsonValueKind.Object)
        {
            if (IsType(node, "Recipe")) return node;
            foreach (var key in new[] { "@graph", "mainEntity" })
            {
                if (node.TryGetProperty(key, out var inner) && Find(inner, ref searched) is { } found) return found;
            }
        }

        return null;
    }

    /// <summary>Whether <paramref name="node"/>'s <c>@type</c> (a name, a list, or a full schema.org address) is <paramref name="type"/>.</summary>
    public static bool IsType(JsonElement node, string type)
    {
        if (node.ValueKind != JsonValueKind.Object || !node.TryGetProperty("@type", out var value)) return false;
        bool Matches(JsonElement name) => name.ValueKind == JsonValueKind.String && name.GetString() is { } text
            && (text.Equals(type, StringComparison.OrdinalIgnoreCase) || text.EndsWith("/" + type, StringComparison.OrdinalIgnoreCase)
                || text.EndsWith(":" + type, StringComparison.OrdinalIgnoreCase));
        return value.ValueKind == JsonValueKind.Array ? value.EnumerateArray().Take(20).Any(Matches) : Matches(value);
    }

    // The graph's nodes by @id, so that {"@id": "…#primaryimage"} finds its ImageObject (Yoast writes images so).
    private static Dictionary<string, JsonElement> Identified(JsonElement root)
    {
        var nodes = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        var list = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("@graph", out var graph) ? graph : root;
        if (list.ValueKind != JsonValueKind.Array) return nodes;
        foreach (var node in list.EnumerateArray().Take(1_000))
        {
            if (node.ValueKind == JsonValueKind.Object && node.TryGetProperty("@id", out var id) && id.ValueKind == JsonValueKind.String)
                nodes.TryAdd(id.GetString()!, node);
        }

        return nodes;
    }

    private static RecipeDraft Draft(JsonElement recipe, Dictionary<string, JsonElement> identified)
    {
        var draft = new RecipeDraft
        {
            Title = ImportText.Line(Text(Property(recipe, "name") ?? Property(recipe, "headline")), ImportText.MaxTitle, html: true),
            Summary = ImportText.Line(Text(Property(recipe, "description")), ImportText.MaxSummary, html: true),
            PrepMinutes = ImportText.Minutes(Text(Property(recipe, "prepTime"))),
            CookMinutes = ImportText.Minutes(Text(Property(recipe, "cookTime"))),
            TotalMinutes = ImportText.Minutes(Text(Property(recipe, "totalTime"))),
            Servings = Servings(Property(recipe, "recipeYield") ?? Property(recipe, "yield")),
            Cuisine = ImportText.Line(Text(Property(recipe, "recipeCuisine")), Recipe.MaxCuisineLength, html: true),
            Url = Text(Property(recipe, "url")),
        };

        if ((Property(recipe, "recipeIngredient") ?? Property(recipe, "ingredients")) is { } ingredients)
        {
            var items = ingredients.ValueKind == JsonValueKind.Array ? ingredients.EnumerateArray() : Single(ingredients);
            foreach (var item in items)
            {
                if (draft.IngredientsFull) break;
                // One string holding every line, one per line break, is read as lines.
                foreach (var line in ImportText.Lines(Text(item), html: true).Take(ImportText.MaxIngredientLines))
                    draft.AddIngredient(ImportText.Line(line, ImportText.MaxIngredientLine, html: false));
            }
        }

        if (Property(recipe, "recipeInstructions") is { } instructions) AddInstructions(instructions, draft.Steps, 0);
        if (Property(recipe, "image") is { } image) AddImages(image, draft, identified, 0);
        return draft;
    }

    private static IEnumerable<JsonElement> Single(JsonElement element)
    {
        yield return element;
    }

    private static JsonElement? Property(JsonElement node, string name) =>
        node.ValueKind == JsonValueKind.Object && node.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    /// <summary>A value as text: a string, a number, the first usable item of a list, or an object's @value, text or name.</summary>
    private static string? Text(JsonElement? value, int depth = 0)
    {
        if (value is not { } v || depth > 3) return null;
        return v.ValueKind switch
        {
            JsonValueKind.String => v.GetString(),
            JsonValueKind.Number => v.GetRawText(),
            JsonValueKind.Array => v.EnumerateArray().Take(20).Select(item => Text(item, depth + 1)).FirstOrDefault(t => !string.IsNullOrWhiteSpace(t)),
            JsonValueKind.Object => Text(Property(v, "@value") ?? Property(v, "text") ?? Property(v, "name"), depth + 1),
            _ => null,
        };
    }

    // recipeYield: "4", 4, "Serves 4-6", or a list such as ["4", "4 portions"]: the first that holds a number.
    private static int? Servings(JsonElement? value) => value is { ValueKind: JsonValueKind.Array } list
        ? list.EnumerateArray().Take(20).Select(item => ImportText.Servings(Text(item))).FirstOrDefault(n => n is not null)
        : ImportText.Servings(Text(value));

    private static void AddInstructions(JsonElement value, StepList steps, int depth)
    {
        if (steps.IsFull || depth > MaxInstructionDepth) return;
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                // One text: a step per line (or per paragraph or list item, when it holds HTML).
                foreach (var line in ImportText.Lines(value.GetString(), html: true))
                {
                    if (steps.IsFull) break;
                    steps.Step(line);
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in value.EnumerateArray())
                {
                    if (steps.IsFull) break;
                    if (item.ValueKind == JsonValueKind.String) steps.Step(ImportText.Line(item.GetString(), Recipe.MaxStepsLength, html: true));
                    else AddInstructions(item, steps, depth + 1);
                }

                break;
            case JsonValueKind.Object when Property(value, "itemListElement") is { } items:
                // A HowToSection (or an ItemList): its name, then its steps.
                if (Text(Property(value, "name")) is { } name) steps.Section(ImportText.Line(name, ImportText.MaxSection, html: true));
                AddInstructions(items, steps, depth + 1);
                break;
            case JsonValueKind.Object:
                // A HowToStep: its text, or its name when it has no text.
                steps.Step(ImportText.Line(Text(Property(value, "text")) ?? Text(Property(value, "name")), Recipe.MaxStepsLength, html: true));
                break;
        }
    }

    private static void AddImages(JsonElement value, RecipeDraft draft, Dictionary<string, JsonElement> identified, int depth)
    {
        if (depth > 3) return;
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                draft.AddImage(value.GetString());
                break;
            case JsonValueKind.Array:
                foreach (var item in value.EnumerateArray().Take(ImportText.MaxImages * 4)) AddImages(item, draft, identified, depth + 1);
                break;
            case JsonValueKind.Object:
                var address = Text(Property(value, "url")) ?? Text(Property(value, "contentUrl"));
                if (address is not null) draft.AddImage(address);
                else if (Text(Property(value, "@id")) is { } id && identified.TryGetValue(id, out var node))
                    AddImages(node, draft, identified, depth + 1);
                break;
        }
    }
}
