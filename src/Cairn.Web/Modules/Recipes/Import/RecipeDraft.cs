using System.Text;
using System.Text.RegularExpressions;

namespace Cairn.Web.Modules.Recipes.Import;

/// <summary>
/// What one way of reading a page (JSON-LD, microdata, headings and lists) found, before the page's own facts
/// (its title, canonical link, og:image) fill the gaps. Ingredients and steps stop growing at their limits, so a
/// page with a hundred thousand of them costs no more than one with a hundred.
/// </summary>
internal sealed class RecipeDraft
{
    private readonly List<string> _ingredients = [];

    public string Title { get; set; } = "";
    public string Summary { get; set; } = "";
    public StepList Steps { get; } = new();
    public int? PrepMinutes { get; set; }
    public int? CookMinutes { get; set; }
    public int? TotalMinutes { get; set; }
    public int? Servings { get; set; }
    public string Cuisine { get; set; } = "";
    public string? Url { get; set; }

    /// <summary>Image addresses as the page wrote them (maybe relative, maybe hostile); the reader resolves and checks them.</summary>
    public List<string> Images { get; } = [];

    public IReadOnlyList<string> Ingredients => _ingredients;

    public bool IngredientsFull => _ingredients.Count >= ImportText.MaxIngredientLines;

    /// <summary>Adds one ingredient line (already clean); empty lines and lines past the limit are dropped.</summary>
    public void AddIngredient(string line)
    {
        if (line.Length > 0 && !IngredientsFull) _ingredients.Add(ImportText.Cut(line, ImportText.MaxIngredientLine));
    }

    /// <summary>Adds a group heading as a line ending in a colon ("For the dough:").</summary>
    public void AddIngredientSection(string name)
    {
        var clean = ImportText.Cut(name.Trim().TrimEnd(':').Trim(), ImportText.MaxSection);
        if (clean.Length > 0) AddIngredient(clean + ":");
    }

    /// <summary>Adds an image address as written, up to a few more than are kept (some will not resolve).</summary>
    public void AddImage(string? address)
    {
        if (!string.IsNullOrWhiteSpace(address) && Images.Count < ImportText.MaxImages * 4) Images.Add(address.Trim());
    }

    /// <summary>Whether this is enough to call a recipe: a name, or at least one ingredient.</summary>
    public bool LooksLikeARecipe => Title.Length > 0 || _ingredients.Count > 0;
}

/// <summary>
/// The method as Markdown: "1. …\n2. …"; a named section starts with a bold line and numbers its own steps. A
/// step that would take the text past <see cref="Recipe.MaxStepsLength"/> is left out, with all after it.
/// </summary>
internal sealed partial class StepList
{
    private readonly StringBuilder _text = new();
    private string? _pendingSection;
    private int _number;

    [GeneratedRegex(@"^(?:step\s*\d{1,3}\s*[.):\-–]?\s+|\d{1,3}\s*[.)]\s+)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Numbering();

    [GeneratedRegex(@"<(?=[A-Za-z/!?])")]
    private static partial Regex TagStart();

    public bool IsFull { get; private set; }

    public bool IsEmpty => _text.Length == 0;

    /// <summary>Starts a named section; it is written only if a step follows.</summary>
    public void Section(string name)
    {
        var clean = ImportText.Cut(ImportText.Collapse(name).Replace("*", "", StringComparison.Ordinal), ImportText.MaxSection);
        if (clean.Length == 0) return;
        _pendingSection = clean;
        _number = 0;
    }

    /// <summary>Adds one step (clean text); the page's own numbering ("1.", "Step 2:") is dropped.</summary>
    public void Step(string text)
    {
        if (IsFull) return;
        var step = ImportText.Collapse(text);
        var unnumbered = Numbering().Replace(step, "", 1);
        if (unnumbered.Length > 0) step = unnumbered;
        if (step.Length == 0) return;

        // Markdown would read a leading # > - + * as a heading, quote or list, and <tag as HTML: escaped, they stay text.
        if (step[0] is '#' or '>' or '-' or '+' or '*' or '=') step = "\\" + step;
        step = TagStart().Replace(step, "\\<");

        var entry = new StringBuilder();
        if (_pendingSection is not null)
        {
            if (_text.Length > 0) entry.Append("\n\n");
            entry.Append("**").Append(_pendingSection).Append("**\n\n");
            _pendingSection = null;
        }
        else if (_number > 0)
        {
            entry.Append('\n');
        }
        else if (_text.Length > 0)
        {
            entry.Append("\n\n");
        }

        entry.Append(++_number).Append(". ").Append(step);
        if (_text.Length + entry.Length > Recipe.MaxStepsLength)
        {
            IsFull = true;
            if (_text.Length == 0) _text.Append(ImportText.Cut(entry.ToString(), Recipe.MaxStepsLength));
            return;
        }

        _text.Append(entry);
    }

    public string ToMarkdown() => _text.ToString();
}
