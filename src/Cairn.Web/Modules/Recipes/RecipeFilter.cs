using System.Globalization;

namespace Cairn.Web.Modules.Recipes;

public enum RecipeSort
{
    Newest,
    Rating,
    Time,
}

/// <summary>
/// A recipe list as it lives in the address bar, so it can be bookmarked and shared:
/// <c>/recipes?q=soup&amp;include=chicken,garlic&amp;exclude=nuts&amp;cuisine=thai&amp;diet=gluten-free&amp;time=30&amp;rating=4&amp;author=ana&amp;sort=rating&amp;page=2</c>.
/// Values it cannot read are dropped and named in <see cref="Ignored"/>, so the page can say so. The API takes the same.
/// </summary>
public sealed record RecipeFilter
{
    public const int MaxQueryLength = 200;
    public const int MaxFoods = 5;
    public const int MaxPage = 1_000;

    public string? Query { get; init; }

    /// <summary>Food words every recipe must have (singular, lower case).</summary>
    public IReadOnlyList<string> Include { get; init; } = [];

    /// <summary>Food words no recipe may have.</summary>
    public IReadOnlyList<string> Exclude { get; init; } = [];

    public string? Cuisine { get; init; }
    public Diets Diets { get; init; }

    /// <summary>Ready in at most this many minutes.</summary>
    public int? MaxMinutes { get; init; }

    /// <summary>Average rating at least this (1-5).</summary>
    public int? MinRating { get; init; }

    /// <summary>A member's username; <c>me</c> for the reader.</summary>
    public string? Author { get; init; }

    public RecipeSort Sort { get; init; } = RecipeSort.Newest;
    public int Page { get; init; } = 1;
    public IReadOnlyList<string> Ignored { get; init; } = [];

    public bool IsFiltered => Query is not null || Include.Count > 0 || Exclude.Count > 0 || Cuisine is not null || Diets != Diets.None
        || MaxMinutes is not null || MinRating is not null || Author is not null;

    /// <summary>Diet names in addresses: <c>gluten-free</c>, <c>vegan</c>.</summary>
    public static string DietName(Diets diet) => string.Concat(diet.ToString().Select((c, i) => i > 0 && char.IsUpper(c) ? "-" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));

    public static readonly IReadOnlyList<Diets> AllDiets = [.. Enum.GetValues<Diets>().Where(d => d != Diets.None)];

    public static RecipeFilter Parse(IQueryCollection query)
    {
        var ignored = new List<string>();
        string? Text(string key, int max)
        {
            var value = query[key].ToString().Trim();
            if (value.Length == 0) return null;
            if (value.Length <= max) return value;
            ignored.Add(key);
            return null;
        }

        int? Number(string key, int min, int max)
        {
            var text = Text(key, 10);
            if (text is null) return null;
            if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max) return n;
            ignored.Add(key);
            return null;
        }

        IReadOnlyList<string> Foods(string key)
        {
            var words = query[key].SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                .Select(IngredientParser.FoodKey).Where(w => w.Length is > 0 and <= 40).Distinct().ToList();
            if (words.Count > MaxFoods) ignored.Add(key);
            return [.. words.Take(MaxFoods)];
        }

        var diets = Diets.None;
        foreach (var name in query["diet"].SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            var diet = AllDiets.FirstOrDefault(d => DietName(d).Equals(name, StringComparison.OrdinalIgnoreCase));
            if (diet == Diets.None) ignored.Add("diet");
            diets |= diet;
        }

        var sort = RecipeSort.Newest;
        if (Text("sort", 20) is { } sortText && !Enum.TryParse(sortText, ignoreCase: true, out sort))
        {
            ignored.Add("sort");
            sort = RecipeSort.Newest;
        }

        return new RecipeFilter
        {
            Query = Text("q", MaxQueryLength),
            Include = Foods("include"),
            Exclude = Foods("exclude"),
            Cuisine = Text("cuisine", Recipe.MaxCuisineLength)?.ToLowerInvariant(),
            Diets = diets,
            MaxMinutes = Number("time", 1, Recipe.MaxMinutes),
            MinRating = Number("rating", 1, 5),
            Author = Text("author", 256),
            Sort = sort,
            Page = Number("page", 1, MaxPage) ?? 1,
            Ignored = [.. ignored.Distinct()],
        };
    }

    /// <summary>This filter as query-string pairs (empty ones left out), with <paramref name="change"/> applied: for links.</summary>
    public Dictionary<string, string?> Values(Action<Dictionary<string, string?>>? change = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["q"] = Query,
            ["include"] = Include.Count > 0 ? string.Join(',', Include) : null,
            ["exclude"] = Exclude.Count > 0 ? string.Join(',', Exclude) : null,
            ["cuisine"] = Cuisine,
            ["diet"] = Diets != Diets.None ? string.Join(',', AllDiets.Where(d => Diets.HasFlag(d)).Select(DietName)) : null,
            ["time"] = MaxMinutes?.ToString(CultureInfo.InvariantCulture),
            ["rating"] = MinRating?.ToString(CultureInfo.InvariantCulture),
            ["author"] = Author,
            ["sort"] = Sort == RecipeSort.Newest ? null : Sort.ToString().ToLowerInvariant(),
            ["page"] = Page > 1 ? Page.ToString(CultureInfo.InvariantCulture) : null,
        };
        change?.Invoke(values);
        if (values.GetValueOrDefault("page") == "1") values.Remove("page");
        return values.Where(v => !string.IsNullOrEmpty(v.Value)).ToDictionary(v => v.Key, v => v.Value);
    }

    public string Url(Action<Dictionary<string, string?>>? change = null) =>
        Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString("/recipes", Values(change));
}
