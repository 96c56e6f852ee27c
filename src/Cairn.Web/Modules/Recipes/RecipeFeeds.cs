using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Cairn.Web.Modules.Recipes;

/// <summary>
/// What the web sees of a workspace's public recipes: the Atom feed (<c>/recipes/feed</c>), the sitemap's entries,
/// and, on each public recipe's page, its schema.org Recipe as JSON-LD and its Open Graph tags. Recipes for members
/// or their author alone are in none of them.
/// </summary>
public static partial class RecipeFeeds
{
    public const int FeedSize = 20;

    public static IEndpointRouteBuilder MapRecipeFeeds(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/recipes/feed", FeedAsync).WithName("Recipes.Feed").ExcludeFromDescription();
        return endpoints;
    }

    private static async Task<IResult> FeedAsync(CairnDbContext db, ITenantContext tenant, WorkspaceLinks links, CancellationToken cancellationToken)
    {
        var recipes = await db.Set<Recipe>().Where(r => r.Visibility == RecipeVisibility.Public).OrderByDescending(r => r.PublishedAt).ThenByDescending(r => r.Id).Take(FeedSize)
            .Include(r => r.Author).Include(r => r.Ingredients).AsSplitQuery().AsNoTracking().ToListAsync(cancellationToken);
        var origin = links.OriginOf(tenant.Current!.Slug);
        return await AtomFeed.AnswerAsync($"{tenant.Current!.Name} · Recipes", origin + "/recipes", origin + "/recipes/feed",
            [.. recipes.Select(r => new AtomEntry(r.Title, $"{origin}/recipes/{r.Slug}", r.PublishedAt ?? r.CreatedAt, r.UpdatedAt, r.Author!.DisplayName, r.Summary, Html(r)))]);
    }

    // The entry's content: the ingredients as a list, then the method.
    private static string Html(Recipe recipe) =>
        "<ul>" + string.Concat(recipe.Ingredients.OrderBy(i => i.Position).Select(i => $"<li>{WebUtility.HtmlEncode(i.Line)}</li>")) + "</ul>" + recipe.StepsHtml;

    /// <summary>The schema.org Recipe of a public recipe, as JSON-LD for its page (safe inside a script element).</summary>
    public static string JsonLd(Recipe recipe, string origin)
    {
        var node = new JsonObject
        {
            ["@context"] = "https://schema.org",
            ["@type"] = "Recipe",
            ["name"] = recipe.Title,
            ["url"] = $"{origin}/recipes/{recipe.Slug}",
            ["author"] = new JsonObject { ["@type"] = "Person", ["name"] = recipe.Author!.DisplayName },
            ["datePublished"] = (recipe.PublishedAt ?? recipe.CreatedAt).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["recipeYield"] = $"{recipe.Servings} servings",
            ["recipeIngredient"] = new JsonArray([.. recipe.Ingredients.OrderBy(i => i.Position).Select(i => (JsonNode)i.Line)]),
            ["recipeInstructions"] = new JsonArray([.. Steps(recipe.Steps).Select(step => (JsonNode)new JsonObject { ["@type"] = "HowToStep", ["text"] = step })]),
        };
        if (recipe.Summary.Length > 0) node["description"] = recipe.Summary;
        if (recipe.Cuisine.Length > 0) node["recipeCuisine"] = recipe.Cuisine;
        if (recipe.PrepMinutes is { } prep) node["prepTime"] = $"PT{prep}M";
        if (recipe.CookMinutes is { } cook) node["cookTime"] = $"PT{cook}M";
        if (recipe.TotalMinutes is { } total) node["totalTime"] = $"PT{total}M";
        var photos = recipe.Photos.OrderBy(p => !p.IsCover).ThenBy(p => p.Position).Select(p => (JsonNode)(origin + RecipePhotoStore.UrlFor(p.Token, PhotoSize.Large, p.Extension))).ToArray();
        if (photos.Length > 0) node["image"] = new JsonArray(photos);
        var diets = SchemaDiets.Where(d => recipe.Diets.HasFlag(d.Diet)).Select(d => (JsonNode)$"https://schema.org/{d.Name}").ToArray();
        if (diets.Length > 0) node["suitableForDiet"] = new JsonArray(diets);
        if (recipe.RatingCount > 0)
            node["aggregateRating"] = new JsonObject { ["@type"] = "AggregateRating", ["ratingValue"] = Math.Round(recipe.RatingAverage, 1), ["ratingCount"] = recipe.RatingCount };
        // The default encoder escapes <, > and &, so no text can close the script element.
        return node.ToJsonString(new JsonSerializerOptions { WriteIndented = false });
    }

    private static readonly (Diets Diet, string Name)[] SchemaDiets =
    [
        (Diets.Vegetarian, "VegetarianDiet"), (Diets.Vegan, "VeganDiet"), (Diets.GlutenFree, "GlutenFreeDiet"), (Diets.LowCarb, "LowCalorieDiet"),
        (Diets.Halal, "HalalDiet"), (Diets.Kosher, "KosherDiet"),
    ];

    [GeneratedRegex(@"^\s*(?:\d+[.)]|[-*+])\s+")]
    private static partial Regex ListMarker();

    /// <summary>The method's steps: its list items or paragraphs, without Markdown's list markers.</summary>
    public static IEnumerable<string> Steps(string markdown) =>
        markdown.Split('\n').Select(line => ListMarker().Replace(line, "").Trim()).Where(line => line.Length > 0);
}

/// <summary>Public recipes in <c>/sitemap.xml</c>.</summary>
public sealed class RecipeSitemap(CairnDbContext db) : ISitemapSource
{
    public const int MaxEntries = 45_000;

    public async Task<IReadOnlyList<SitemapEntry>> GetEntriesAsync(CancellationToken cancellationToken)
    {
        var recipes = await db.Set<Recipe>().Where(r => r.Visibility == RecipeVisibility.Public).OrderByDescending(r => r.PublishedAt).Take(MaxEntries)
            .Select(r => new SitemapEntry("/recipes/" + r.Slug, r.UpdatedAt)).ToListAsync(cancellationToken);
        return [new SitemapEntry("/recipes"), .. recipes];
    }
}
