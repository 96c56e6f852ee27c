using Cairn.Web.Platform.Events;

namespace Cairn.Web.Modules.Recipes;

/// <summary>Who may read a recipe. Stored as a number, in order of openness.</summary>
public enum RecipeVisibility
{
    /// <summary>Its author only (a draft, or an import being reviewed).</summary>
    Private = 0,

    /// <summary>Every member of the workspace.</summary>
    Members = 1,

    /// <summary>Anyone on the web: the sitemap, the feed and search engines list it.</summary>
    Public = 2,
}

/// <summary>The diets a recipe suits, as flags so that one column answers "vegan and gluten-free".</summary>
[Flags]
public enum Diets
{
    None = 0,
    Vegetarian = 1,
    Vegan = 2,
    GlutenFree = 4,
    DairyFree = 8,
    NutFree = 16,
    LowCarb = 32,
    Pescatarian = 64,
    Halal = 128,
    Kosher = 256,
}

/// <summary>A recipe was first shared with the workspace or the web (its author's followers hear of it).</summary>
public sealed record RecipePublished(Recipe Recipe) : IDomainEvent;

/// <summary>A recipe of a workspace.</summary>
public sealed class Recipe : ITenantOwned, IRaisesEvents
{
    private readonly EventList _events = new();

    IReadOnlyList<IDomainEvent> IRaisesEvents.PendingEvents => _events.PendingEvents;

    void IRaisesEvents.ClearEvents() => _events.ClearEvents();

    public const int MaxTitleLength = 200;
    public const int MaxSummaryLength = 1_000;
    public const int MaxStepsLength = 50_000;
    public const int MaxCuisineLength = 40;
    public const int MaxSourceLength = 2_000;
    public const int MaxIngredients = 100;
    public const int MaxServings = 500;
    public const int MaxMinutes = 7 * 24 * 60;

    public int Id { get; set; }
    public int TenantId { get; set; }
    public required string Slug { get; set; }
    public required string Title { get; set; }
    public string Summary { get; set; } = "";

    /// <summary>The method as Markdown: one step per numbered item or paragraph.</summary>
    public string Steps { get; set; } = "";

    /// <summary><see cref="Steps"/> rendered and sanitized at save time.</summary>
    public string StepsHtml { get; set; } = "";

    public int? PrepMinutes { get; set; }
    public int? CookMinutes { get; set; }

    /// <summary>As given, or prep and cook together: what the "ready in at most" filter reads.</summary>
    public int? TotalMinutes { get; set; }

    public int Servings { get; set; } = 4;

    /// <summary>As the author wrote it ("Italian"); <see cref="CuisineKey"/> is what filters compare.</summary>
    public string Cuisine { get; set; } = "";
    public string CuisineKey { get; set; } = "";
    public Diets Diets { get; set; }
    public string? SourceUrl { get; set; }
    public RecipeVisibility Visibility { get; set; } = RecipeVisibility.Members;

    public Guid AuthorId { get; set; }
    public CairnUser? Author { get; set; }
    public DateTime CreatedAt { get; set; } = DateTime.UtcNow;
    public DateTime UpdatedAt { get; set; } = DateTime.UtcNow;

    /// <summary>When it was first shared beyond its author; null while private.</summary>
    public DateTime? PublishedAt { get; set; }

    /// <summary>Ratings, kept by the database (triggers on <c>recipes_ratings</c>); read-only to the app.</summary>
    public int RatingCount { get; private set; }
    public int RatingSum { get; private set; }

    /// <summary>RatingSum / RatingCount, a stored column so that lists sort and filter on it.</summary>
    public double RatingAverage { get; private set; }

    /// <summary>Every word of every ingredient's food, singular, between spaces (" chicken thigh garlic "): the ingredient filters read it.</summary>
    public string FoodWords { get; set; } = " ";

    /// <summary>The cover photo's file name without its size (<c>{token}.jpg</c>), kept with the recipe so that lists need no join.</summary>
    public string? Cover { get; set; }

    public List<RecipeIngredient> Ingredients { get; } = [];
    public List<RecipePhoto> Photos { get; } = [];

    /// <summary>
    /// After its photos changed: makes the first photo marked as cover (or else the first photo) the cover, keeps
    /// <see cref="Cover"/> in step, and marks the recipe changed (its ETag and cached pages show the photos).
    /// </summary>
    public void RefreshCover()
    {
        UpdatedAt = DateTime.UtcNow;
        var ordered = Photos.OrderBy(p => p.Position).ToList();
        var cover = ordered.FirstOrDefault(p => p.IsCover) ?? ordered.FirstOrDefault();
        foreach (var photo in ordered) photo.IsCover = photo == cover;
        Cover = cover is null ? null : cover.Token + cover.Extension;
    }

    /// <summary>A detached recipe as the data cache kept it (<see cref="RecipeCache"/>), never to be saved.</summary>
    internal static Recipe Restore(RecipeSnapshot s)
    {
        var recipe = new Recipe
        {
            Id = s.Id, TenantId = s.TenantId, Slug = s.Slug, Title = s.Title, Summary = s.Summary, Steps = s.Steps, StepsHtml = s.StepsHtml,
            PrepMinutes = s.PrepMinutes, CookMinutes = s.CookMinutes, TotalMinutes = s.TotalMinutes, Servings = s.Servings,
            Cuisine = s.Cuisine, CuisineKey = s.CuisineKey, Diets = s.Diets, SourceUrl = s.SourceUrl, Visibility = s.Visibility,
            AuthorId = s.AuthorId, Author = new CairnUser { Id = s.AuthorId, UserName = s.AuthorUserName, DisplayName = s.AuthorDisplayName },
            CreatedAt = s.CreatedAt, UpdatedAt = s.UpdatedAt, PublishedAt = s.PublishedAt,
            RatingCount = s.RatingCount, RatingSum = s.RatingSum, RatingAverage = s.RatingAverage, FoodWords = s.FoodWords, Cover = s.Cover,
        };
        recipe.Ingredients.AddRange(s.Ingredients);
        recipe.Photos.AddRange(s.Photos);
        return recipe;
    }

    /// <summary>Sets who may read it; the first time it leaves its author, <see cref="RecipePublished"/> is raised.</summary>
    public void SetVisibility(RecipeVisibility visibility, DateTime now)
    {
        Visibility = visibility;
        if (visibility == RecipeVisibility.Private || PublishedAt is not null) return;
        PublishedAt = now;
        _events.Raise(new RecipePublished(this));
    }

    /// <summary>Replaces the ingredients with <paramref name="lines"/>, read by the parser, and refreshes <see cref="FoodWords"/>.</summary>
    public void SetIngredients(IEnumerable<(string Section, ParsedIngredient Parsed)> lines)
    {
        Ingredients.Clear();
        var position = 0;
        foreach (var (section, parsed) in lines)
            Ingredients.Add(RecipeIngredient.From(section, parsed, position++));
        FoodWords = RecipeFoods.Words(Ingredients.Select(i => i.FoodKey));
    }
}

/// <summary>One line of a recipe's ingredients, in its section, with the parser's reading of it.</summary>
public sealed class RecipeIngredient : ITenantOwned
{
    public const int MaxSectionLength = 100;

    public int Id { get; set; }
    public int TenantId { get; set; }
    public int RecipeId { get; set; }
    public int Position { get; set; }

    /// <summary>The heading it stands under ("For the dough"), or empty.</summary>
    public string Section { get; set; } = "";

    /// <summary>The line as written; what the page shows unless amounts are scaled or converted.</summary>
    public required string Line { get; set; }
    public double? Quantity { get; set; }
    public double? QuantityMax { get; set; }
    public string? Unit { get; set; }
    public string Food { get; set; } = "";
    public string FoodKey { get; set; } = "";
    public string Note { get; set; } = "";

    public static RecipeIngredient From(string section, ParsedIngredient parsed, int position) => new()
    {
        Section = section.Trim().Length > MaxSectionLength ? section.Trim()[..MaxSectionLength] : section.Trim(),
        Line = parsed.Line,
        Quantity = parsed.Quantity,
        QuantityMax = parsed.QuantityMax,
        Unit = parsed.Unit,
        Food = Cut(parsed.Food, 200),
        FoodKey = Cut(parsed.FoodKey, 200),
        Note = Cut(parsed.Note, 300),
        Position = position,
    };

    private static string Cut(string text, int length) => text.Length > length ? text[..length] : text;
}

/// <summary>An address a recipe had before it was renamed: it redirects to the recipe's current one.</summary>
public sealed class RecipeSlugHistory : ITenantOwned
{
    public int TenantId { get; set; }
    public required string Slug { get; set; }
    public int RecipeId { get; set; }
}

/// <summary>A photo of a recipe, stored in three sizes under the media folder with an unguessable name.</summary>
public sealed class RecipePhoto : ITenantOwned
{
    public int Id { get; set; }
    public int TenantId { get; set; }
    public int RecipeId { get; set; }
    public Recipe? Recipe { get; set; }

    /// <summary>The random part of its file names (128 bits, base-32): it is also how it is addressed.</summary>
    public required string Token { get; set; }

    /// <summary><c>.jpg</c> or <c>.png</c>.</summary>
    public required string Extension { get; set; }
    public int Width { get; set; }
    public int Height { get; set; }
    public int Position { get; set; }
    public bool IsCover { get; set; }
    public string Caption { get; set; } = "";
    public DateTime CreatedAt { get; set; } = DateTime.UtcNow;
}

/// <summary>A member's rating of a recipe, 1 to 5; one per member and recipe.</summary>
public sealed class RecipeRating : ITenantOwned
{
    public int TenantId { get; set; }
    public int RecipeId { get; set; }
    public Guid UserId { get; set; }
    public int Stars { get; set; }
    public DateTime UpdatedAt { get; set; } = DateTime.UtcNow;
}

/// <summary>A comment on a recipe, plain text.</summary>
public sealed class RecipeComment : ITenantOwned
{
    public const int MaxBodyLength = 4_000;

    public int Id { get; set; }
    public int TenantId { get; set; }
    public int RecipeId { get; set; }
    public Guid AuthorId { get; set; }
    public CairnUser? Author { get; set; }
    public required string Body { get; set; }
    public DateTime CreatedAt { get; set; } = DateTime.UtcNow;
}

/// <summary>A member's favourite recipe.</summary>
public sealed class RecipeFavourite : ITenantOwned
{
    public int TenantId { get; set; }
    public int RecipeId { get; set; }
    public Guid UserId { get; set; }
    public DateTime CreatedAt { get; set; } = DateTime.UtcNow;
}

/// <summary>A member's named collection of recipes ("Weeknight dinners").</summary>
public sealed class RecipeCollection : ITenantOwned
{
    public const int MaxNameLength = 100;

    public int Id { get; set; }
    public int TenantId { get; set; }
    public Guid OwnerId { get; set; }
    public required string Name { get; set; }
    public DateTime CreatedAt { get; set; } = DateTime.UtcNow;
    public List<RecipeCollectionItem> Items { get; } = [];
}

public sealed class RecipeCollectionItem : ITenantOwned
{
    public int TenantId { get; set; }
    public int CollectionId { get; set; }
    public int RecipeId { get; set; }
    public DateTime AddedAt { get; set; } = DateTime.UtcNow;
}

/// <summary>The words of a recipe's foods, as <see cref="Recipe.FoodWords"/> holds them.</summary>
public static class RecipeFoods
{
    public static string Words(IEnumerable<string> foodKeys) =>
        " " + string.Join(' ', foodKeys.SelectMany(k => k.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Distinct().Take(400)) + " ";
}
