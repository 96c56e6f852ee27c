using System.ComponentModel.DataAnnotations;
using System.Text;

namespace Cairn.Web.Modules.Recipes;

/// <summary>The fields of the recipe form, shared by the new, edit and import pages.</summary>
public sealed class RecipeInput
{
    [Required(ErrorMessage = "Give the recipe a title.")]
    [StringLength(Recipe.MaxTitleLength, ErrorMessage = "The title may be at most 200 characters long.")]
    [Display(Name = "Title")]
    public string Title { get; set; } = "";

    [StringLength(Recipe.MaxSummaryLength, ErrorMessage = "The summary may be at most 1,000 characters long.")]
    [Display(Name = "Summary")]
    public string? Summary { get; set; }

    /// <summary>One ingredient per line; a line ending in a colon ("For the dough:") starts a section.</summary>
    [StringLength(RecipeForm.MaxIngredientsText, ErrorMessage = "The ingredients may be at most 20,000 characters long.")]
    [Display(Name = "Ingredients")]
    public string? Ingredients { get; set; }

    [StringLength(Recipe.MaxStepsLength, ErrorMessage = "The method may be at most 50,000 characters long.")]
    [Display(Name = "Method")]
    public string? Steps { get; set; }

    [Range(0, Recipe.MaxMinutes, ErrorMessage = "Enter minutes, from 0 to 10,080 (a week).")]
    [Display(Name = "Prep (minutes)")]
    public int? PrepMinutes { get; set; }

    [Range(0, Recipe.MaxMinutes, ErrorMessage = "Enter minutes, from 0 to 10,080 (a week).")]
    [Display(Name = "Cook (minutes)")]
    public int? CookMinutes { get; set; }

    [Range(0, Recipe.MaxMinutes, ErrorMessage = "Enter minutes, from 0 to 10,080 (a week).")]
    [Display(Name = "Total (minutes)")]
    public int? TotalMinutes { get; set; }

    [Range(1, Recipe.MaxServings, ErrorMessage = "Servings are from 1 to 500.")]
    [Display(Name = "Servings")]
    public int Servings { get; set; } = 4;

    [StringLength(Recipe.MaxCuisineLength, ErrorMessage = "The cuisine may be at most 40 characters long.")]
    [Display(Name = "Cuisine")]
    public string? Cuisine { get; set; }

    [Display(Name = "Diets")]
    public List<Diets> Diets { get; set; } = [];

    [StringLength(Recipe.MaxSourceLength, ErrorMessage = "The source address may be at most 2,000 characters long.")]
    [Display(Name = "Source")]
    public string? SourceUrl { get; set; }

    [Display(Name = "Who can see it")]
    public RecipeVisibility Visibility { get; set; } = RecipeVisibility.Members;
}

/// <summary>One ingredient line of the form as the parser read it, for the review table under the field.</summary>
public sealed record IngredientReview(string Section, ParsedIngredient Parsed);

/// <summary>Reads and applies the recipe form: ingredients parsed, sections found, Markdown rendered, slugs kept unique.</summary>
public sealed class RecipeForm(CairnDbContext db, MarkdownRenderer markdown, TimeProvider clock)
{
    public const int MaxIngredientsText = 20_000;

    /// <summary>
    /// The ingredient lines of the field, each with its section: a line ending in a colon, or starting with
    /// <c>#</c>, is the heading of the lines under it ("For the dough:").
    /// </summary>
    public static List<IngredientReview> ReadIngredients(string? text)
    {
        var lines = new List<IngredientReview>();
        var section = "";
        foreach (var raw in (text ?? "").Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0) continue;
            if (line.StartsWith('#') || (line.EndsWith(':') && !line.Any(char.IsDigit) && line.Length <= RecipeIngredient.MaxSectionLength))
            {
                section = line.TrimStart('#').TrimEnd(':').Trim();
                continue;
            }

            lines.Add(new IngredientReview(section, IngredientParser.Parse(line)));
        }

        return lines;
    }

    /// <summary>The ingredients as the form's field writes them: headings with a colon, one line each.</summary>
    public static string IngredientsText(IEnumerable<RecipeIngredient> ingredients)
    {
        var text = new StringBuilder();
        var section = "";
        foreach (var ingredient in ingredients.OrderBy(i => i.Position))
        {
            if (ingredient.Section != section && ingredient.Section.Length > 0) text.Append(ingredient.Section).Append(":\n");
            section = ingredient.Section;
            text.Append(ingredient.Line).Append('\n');
        }

        return text.ToString().TrimEnd('\n');
    }

    public static RecipeInput InputFor(Recipe recipe) => new()
    {
        Title = recipe.Title,
        Summary = recipe.Summary,
        Ingredients = IngredientsText(recipe.Ingredients),
        Steps = recipe.Steps,
        PrepMinutes = recipe.PrepMinutes,
        CookMinutes = recipe.CookMinutes,
        TotalMinutes = recipe.TotalMinutes is { } total && total != (recipe.PrepMinutes ?? 0) + (recipe.CookMinutes ?? 0) ? total : null,
        Servings = recipe.Servings,
        Cuisine = recipe.Cuisine,
        Diets = [.. RecipeFilter.AllDiets.Where(d => recipe.Diets.HasFlag(d))],
        SourceUrl = recipe.SourceUrl,
        Visibility = recipe.Visibility,
    };

    /// <summary>
    /// Copies <paramref name="input"/> onto <paramref name="recipe"/> after the checks the annotations cannot make;
    /// returns the errors instead, by <see cref="RecipeInput"/> property name.
    /// </summary>
    public async Task<List<(string Field, string Message)>> ApplyAsync(Recipe recipe, RecipeInput input, CancellationToken cancellationToken)
    {
        var errors = new List<(string, string)>();
        var title = input.Title?.Trim() ?? "";
        if (title.Length == 0) errors.Add((nameof(RecipeInput.Title), "Give the recipe a title."));
        else if (title.Length > Recipe.MaxTitleLength) errors.Add((nameof(RecipeInput.Title), "The title may be at most 200 characters long."));
        if ((input.Summary?.Trim().Length ?? 0) > Recipe.MaxSummaryLength) errors.Add((nameof(RecipeInput.Summary), "The summary may be at most 1,000 characters long."));
        if ((input.Ingredients?.Length ?? 0) > MaxIngredientsText) errors.Add((nameof(RecipeInput.Ingredients), "The ingredients may be at most 20,000 characters long."));
        var ingredients = ReadIngredients(input.Ingredients);
        if (ingredients.Count > Recipe.MaxIngredients) errors.Add((nameof(RecipeInput.Ingredients), $"At most {Recipe.MaxIngredients} ingredients, please."));
        if (ingredients.Any(i => i.Parsed.Line.Length >= IngredientParser.MaxLineLength))
            errors.Add((nameof(RecipeInput.Ingredients), $"An ingredient line may be at most {IngredientParser.MaxLineLength - 1} characters long."));
        foreach (var (field, minutes) in new[] { (nameof(RecipeInput.PrepMinutes), input.PrepMinutes), (nameof(RecipeInput.CookMinutes), input.CookMinutes), (nameof(RecipeInput.TotalMinutes), input.TotalMinutes) })
            if (minutes is < 0 or > Recipe.MaxMinutes) errors.Add((field, "Enter minutes, from 0 to 10,080 (a week)."));
        if (input.Servings is < 1 or > Recipe.MaxServings) errors.Add((nameof(RecipeInput.Servings), "Servings are from 1 to 500."));
        var cuisine = string.Join(' ', (input.Cuisine ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries));
        if (cuisine.Length > Recipe.MaxCuisineLength) errors.Add((nameof(RecipeInput.Cuisine), "The cuisine may be at most 40 characters long."));
        if (!Enum.IsDefined(input.Visibility)) errors.Add((nameof(RecipeInput.Visibility), "Choose who can see it."));
        var diets = Diets.None;
        foreach (var diet in input.Diets)
        {
            if (!RecipeFilter.AllDiets.Contains(diet)) errors.Add((nameof(RecipeInput.Diets), "Choose diets from the list."));
            else diets |= diet;
        }

        string? source = null;
        if (!string.IsNullOrWhiteSpace(input.SourceUrl))
        {
            if (Uri.TryCreate(input.SourceUrl.Trim(), UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.ToString().Length <= Recipe.MaxSourceLength)
                source = uri.ToString();
            else errors.Add((nameof(RecipeInput.SourceUrl), "Enter the address of a web page, starting with http:// or https://."));
        }

        var steps = input.Steps?.Trim() ?? "";
        var rendered = errors.Count == 0 ? markdown.Render(steps, cancellationToken) : default;
        if (rendered.Problem is { } problem) errors.Add((nameof(RecipeInput.Steps), problem));
        if (errors.Count > 0) return errors;

        var now = clock.GetUtcNow().UtcDateTime;
        if (recipe.Id == 0 || recipe.Title != title) await AssignSlugAsync(recipe, Slugs.From(title, "recipe"), cancellationToken);
        recipe.Title = title;
        recipe.Summary = input.Summary?.Trim() ?? "";
        recipe.Steps = steps;
        recipe.StepsHtml = rendered.Html;
        recipe.PrepMinutes = input.PrepMinutes;
        recipe.CookMinutes = input.CookMinutes;
        recipe.TotalMinutes = input.TotalMinutes ?? (input.PrepMinutes is null && input.CookMinutes is null ? null : (input.PrepMinutes ?? 0) + (input.CookMinutes ?? 0));
        recipe.Servings = input.Servings;
        recipe.Cuisine = cuisine;
        recipe.CuisineKey = cuisine.ToLowerInvariant();
        recipe.Diets = diets;
        recipe.SourceUrl = source;
        recipe.SetIngredients(ingredients.Select(i => (i.Section, i.Parsed)));
        recipe.SetVisibility(input.Visibility, now);
        recipe.UpdatedAt = now;
        return errors;
    }

    // The slug each recipe of this unit of work asked for, so that a save that lost a race for it takes the next free one.
    private readonly Dictionary<Recipe, string> _wantedSlugs = [];

    /// <summary>
    /// Gives the recipe the first address free for <paramref name="wanted"/>: not another recipe's, now or before (old
    /// addresses keep redirecting to theirs). A renamed recipe's old address joins its history.
    /// </summary>
    private async Task AssignSlugAsync(Recipe recipe, string wanted, CancellationToken cancellationToken)
    {
        var free = await FreeSlugAsync(wanted, recipe.Id, cancellationToken);
        if (recipe.Id != 0 && free != recipe.Slug)
        {
            var history = db.Set<RecipeSlugHistory>();
            // Its own old address, taken back: it leaves the history; the address it leaves joins it.
            if (await history.FirstOrDefaultAsync(h => h.Slug == free && h.RecipeId == recipe.Id, cancellationToken) is { } back) history.Remove(back);
            if (!await history.AnyAsync(h => h.Slug == recipe.Slug, cancellationToken))
                history.Add(new RecipeSlugHistory { Slug = recipe.Slug, RecipeId = recipe.Id });
        }

        if (recipe.Id == 0 || free != recipe.Slug) recipe.Slug = free;
        _wantedSlugs[recipe] = wanted;
    }

    private async Task<string> FreeSlugAsync(string wanted, int recipeId, CancellationToken cancellationToken)
    {
        if (ReservedSlugs.Contains(wanted)) wanted += "-recipe";
        var prefix = wanted + "-";
        var taken = await db.Set<Recipe>().Where(r => (r.Slug == wanted || r.Slug.StartsWith(prefix)) && r.Id != recipeId).Select(r => r.Slug)
            .Concat(db.Set<RecipeSlugHistory>().Where(h => (h.Slug == wanted || h.Slug.StartsWith(prefix)) && h.RecipeId != recipeId).Select(h => h.Slug))
            .ToListAsync(cancellationToken);
        // A recipe keeps its own address when its title changes only in ways the slug does not show.
        return Slugs.Unique(wanted, taken);
    }

    /// <summary>Addresses the module's own pages use (<c>/recipes/new</c>…), never a recipe's.</summary>
    public static readonly HashSet<string> ReservedSlugs = ["new", "import", "photos", "feed", "collections", "favourites", "shopping", "plan", "following", "people", "settings"];

    /// <summary>Saves the unit of work; a slug another request took meanwhile is followed by the next free one.</summary>
    public async Task SaveAsync(CancellationToken cancellationToken)
    {
        var saved = await db.SaveChangesMendingAsync(async token =>
        {
            var moved = false;
            foreach (var (recipe, wanted) in _wantedSlugs)
            {
                var free = await FreeSlugAsync(wanted, recipe.Id, token);
                moved |= free != recipe.Slug;
                recipe.Slug = free;
            }

            return moved;
        }, cancellationToken);
        if (!saved) await db.SaveChangesAsync(cancellationToken);
    }
}
