using Cairn.Web.Platform.Caching;
using Microsoft.AspNetCore.OutputCaching;

namespace Cairn.Web.Modules.Recipes;

/// <summary>
/// What the recipe pages and the API read most, kept in the data cache (<see cref="TaggedCache"/>; roadmap week 12):
/// a recipe as its page shows it (with its ingredients, photos, author and comments), which recipe a slug names,
/// and pages of lists as each kind of reader sees them. Values are tagged with the parts of the module's data they
/// show, the same parts anonymous pages declare to the output cache, so one save makes both stale on every instance:
/// a recipe's own rows, ratings and comments evict that recipe (<see cref="RecipePart"/>), and anything shown in
/// lists evicts the lists (<see cref="List"/>). The evictions of saved rows are declared in <see cref="RecipesModule"/>;
/// writes EF does not track call <see cref="InvalidateAsync"/>.
/// </summary>
public sealed class RecipeCache(TaggedCache cache, CairnDbContext db, IOutputCacheStore pages, IOptions<RecipeOptions> options)
{
    /// <summary>The part of the module's data that lists show: any recipe's title, photo, rating, time, foods.</summary>
    public const string List = "list";

    /// <summary>The part that says which recipe a slug names.</summary>
    public const string Slugs = "slugs";

    /// <summary>The part that shows one recipe: its row, ingredients, photos, ratings and comments.</summary>
    public static string RecipePart(int id) => $"recipe:{id}";

    /// <summary>The parts a change to a recipe's own row makes stale.</summary>
    public static string[] RecipeParts(int id) => [RecipePart(id), List, Slugs];

    private string Workspace => db.CurrentTenantSlug ?? throw new NoWorkspaceException();

    private CacheLifetime Pages => options.Value.CacheSeconds is > 0 and var seconds
        ? new(TimeSpan.FromSeconds(seconds), TimeSpan.FromSeconds(Math.Min(seconds, 120)))
        : CacheLifetime.Off;

    // Lists have many addresses (every filter): kept in memory briefly, so that a crawl of odd filters cannot fill it.
    private CacheLifetime Lists => options.Value.CacheSeconds is > 0 and var seconds
        ? new(TimeSpan.FromSeconds(Math.Min(seconds, 300)), TimeSpan.FromSeconds(Math.Min(seconds, 30)))
        : CacheLifetime.Off;

    private string Key(string what) => $"recipes:{db.CurrentTenantId}:{what}";

    /// <summary>The recipe that <paramref name="slug"/> names now; null when none does (old slugs are not looked up here).</summary>
    public async Task<int?> IdOfAsync(string slug, CancellationToken cancellationToken)
    {
        if (slug.Length > Recipe.MaxTitleLength) return null;
        return await cache.GetOrLoadAsync(Key($"slug:{slug}"), ModuleOutputCache.DataTags(RecipesModule.Name, Workspace, Slugs),
            async token => await db.Set<Recipe>().Where(r => r.Slug == slug).Select(r => (int?)r.Id).FirstOrDefaultAsync(token),
            Pages, cancellationToken);
    }

    /// <summary>Recipe <paramref name="id"/> as its page shows it, before the reader's own parts (their rating, their lists); null when gone.</summary>
    public async Task<RecipeSnapshot?> RecipeAsync(int id, CancellationToken cancellationToken) =>
        await cache.GetOrLoadAsync(Key($"recipe:{id}"), ModuleOutputCache.DataTags(RecipesModule.Name, Workspace, RecipePart(id)),
            async token =>
            {
                var recipe = await db.Set<Recipe>().Include(r => r.Ingredients).Include(r => r.Photos).Include(r => r.Author)
                    .AsSplitQuery().AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, token);
                if (recipe is null) return null;
                var comments = await db.Set<RecipeComment>().Where(c => c.RecipeId == id).OrderBy(c => c.CreatedAt).ThenBy(c => c.Id)
                    .Take(ShowModel.MaxComments)
                    .Select(c => new CommentView(c.Id, c.Author!.DisplayName, c.AuthorId, c.Body, c.CreatedAt)).ToListAsync(token);
                return RecipeSnapshot.Of(recipe, comments);
            },
            Pages, cancellationToken);

    /// <summary>A page of a list (or another answer made of recipes) as <paramref name="reader"/> sees it, keyed by <paramref name="address"/>.</summary>
    public async Task<T> ListAsync<T>(string reader, string address, Func<CancellationToken, Task<T>> load, CancellationToken cancellationToken) =>
        await cache.GetOrLoadAsync(Key($"list:{reader}:{address}"), ModuleOutputCache.DataTags(RecipesModule.Name, Workspace, List),
            async token => await load(token), Lists, cancellationToken);

    /// <summary>After a write EF does not track: the cached values and pages that show these parts go, on every instance.</summary>
    public async Task InvalidateAsync(IEnumerable<string> parts, CancellationToken cancellationToken = default)
    {
        var workspace = Workspace;
        var list = parts.ToList();
        await cache.InvalidateAsync([.. list.Select(part => ModuleOutputCache.TagFor(RecipesModule.Name, workspace, part))]);
        await pages.EvictPartsAsync(RecipesModule.Name, workspace, list, cancellationToken);
    }
}

/// <summary>A recipe as the data cache keeps it: its row, ingredients and photos, its author's names, and its comments.</summary>
public sealed record RecipeSnapshot(
    int Id, int TenantId, string Slug, string Title, string Summary, string Steps, string StepsHtml,
    int? PrepMinutes, int? CookMinutes, int? TotalMinutes, int Servings, string Cuisine, string CuisineKey, Diets Diets,
    string? SourceUrl, RecipeVisibility Visibility, Guid AuthorId, string AuthorUserName, string AuthorDisplayName,
    DateTime CreatedAt, DateTime UpdatedAt, DateTime? PublishedAt, int RatingCount, int RatingSum, double RatingAverage,
    string FoodWords, string? Cover, List<RecipeIngredient> Ingredients, List<RecipePhoto> Photos, List<CommentView> Comments)
{
    public static RecipeSnapshot Of(Recipe r, List<CommentView> comments)
    {
        foreach (var photo in r.Photos) photo.Recipe = null; // no way back to the recipe in the copy
        return new(r.Id, r.TenantId, r.Slug, r.Title, r.Summary, r.Steps, r.StepsHtml, r.PrepMinutes, r.CookMinutes, r.TotalMinutes,
            r.Servings, r.Cuisine, r.CuisineKey, r.Diets, r.SourceUrl, r.Visibility, r.AuthorId, r.Author?.UserName ?? "", r.Author?.DisplayName ?? "",
            r.CreatedAt, r.UpdatedAt, r.PublishedAt, r.RatingCount, r.RatingSum, r.RatingAverage, r.FoodWords, r.Cover,
            r.Ingredients, r.Photos, comments);
    }

    /// <summary>A detached recipe with these values, for the page and the code it shares with the rest of the module.</summary>
    public Recipe ToRecipe() => Recipe.Restore(this);
}
