namespace Cairn.Web.Modules.Recipes;

/// <summary>A recipe as lists show it.</summary>
public sealed record RecipeCard(
    int Id, string Slug, string Title, string Summary, string AuthorName, string AuthorUserName, int? TotalMinutes, int Servings,
    double RatingAverage, int RatingCount, string Cuisine, Diets Diets, RecipeVisibility Visibility, string? Cover, DateTime CreatedAt)
{
    public string? CoverUrl(PhotoSize size) => Cover is null ? null : RecipePhotoStore.UrlFor(Cover[..^4], size, Cover[^4..]);
}

/// <summary>One page of a list, and whether another follows.</summary>
public sealed record RecipeListPage(IReadOnlyList<RecipeCard> Items, int Page, bool HasNext);

/// <summary>The named queries of recipes, like Django's managers: <c>recipes.Matching(filter)</c>, sorted and paged.</summary>
public static class RecipeQueryExtensions
{
    /// <summary>The recipes that pass <paramref name="filter"/>'s conditions (words, foods, cuisine, diets, time, rating, author).</summary>
    public static IQueryable<Recipe> Matching(this IQueryable<Recipe> recipes, RecipeFilter filter, CairnDbContext db, Guid? reader)
    {
        var postgres = db.Database.IsNpgsql();
        if (filter.Query is { } query)
            recipes = recipes.Matching(db, query, RecipeSchema.SearchVectorColumn, r => r.Title, r => r.Summary, r => r.FoodWords, r => r.Cuisine);
        foreach (var food in filter.Include)
        {
            recipes = postgres
                ? recipes.Where(r => EF.Property<NpgsqlTypes.NpgsqlTsVector>(r, RecipeSchema.FoodVectorColumn).Matches(EF.Functions.PlainToTsQuery("simple", food)))
                : recipes.Where(r => r.FoodWords.Contains(" " + food + " "));
        }

        foreach (var food in filter.Exclude)
        {
            recipes = postgres
                ? recipes.Where(r => !EF.Property<NpgsqlTypes.NpgsqlTsVector>(r, RecipeSchema.FoodVectorColumn).Matches(EF.Functions.PlainToTsQuery("simple", food)))
                : recipes.Where(r => !r.FoodWords.Contains(" " + food + " "));
        }

        if (filter.Cuisine is { } cuisine) recipes = recipes.Where(r => r.CuisineKey == cuisine);
        if (filter.Diets != Diets.None)
        {
            var diets = filter.Diets;
            recipes = recipes.Where(r => (r.Diets & diets) == diets);
        }

        if (filter.MaxMinutes is { } minutes) recipes = recipes.Where(r => r.TotalMinutes != null && r.TotalMinutes <= minutes);
        if (filter.MinRating is { } rating) recipes = recipes.Where(r => r.RatingCount > 0 && r.RatingAverage >= rating);
        if (filter.Author is { } author)
        {
            if (author.Equals("me", StringComparison.OrdinalIgnoreCase)) recipes = recipes.Where(r => r.AuthorId == reader);
            else
            {
                var normalized = author.TrimStart('@').ToUpperInvariant();
                recipes = recipes.Where(r => r.Author!.NormalizedUserName == normalized);
            }
        }

        return recipes;
    }

    public static IOrderedQueryable<Recipe> SortedBy(this IQueryable<Recipe> recipes, RecipeSort sort) => sort switch
    {
        RecipeSort.Rating => recipes.OrderByDescending(r => r.RatingAverage).ThenByDescending(r => r.RatingCount).ThenByDescending(r => r.Id),
        RecipeSort.Time => recipes.OrderBy(r => r.TotalMinutes == null).ThenBy(r => r.TotalMinutes).ThenByDescending(r => r.Id),
        _ => recipes.OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id),
    };

    public static IQueryable<RecipeCard> Cards(this IQueryable<Recipe> recipes) => recipes.Select(r => new RecipeCard(
        r.Id, r.Slug, r.Title, r.Summary, r.Author!.DisplayName, r.Author.UserName!, r.TotalMinutes, r.Servings, r.RatingAverage, r.RatingCount,
        r.Cuisine, r.Diets, r.Visibility, r.Cover, r.CreatedAt));
}

/// <summary>Lists of recipes for pages and the API: what the reader may see, filtered, sorted and paged.</summary>
/// <remarks>Answers come from the data cache (<see cref="RecipeCache"/>), per kind of reader: a visitor, or one member (who also sees their private recipes).</remarks>
public sealed class RecipeQueries(CairnDbContext db, RecipeAccess access, RecipeCache cache, IOptions<RecipeOptions> options)
{
    public int PageSize => options.Value.PageSize;

    public async Task<RecipeListPage> ListAsync(RecipeFilter filter, CancellationToken cancellationToken, int? pageSize = null)
    {
        var size = pageSize ?? PageSize;
        var visible = await access.VisibleAsync(cancellationToken);
        // Read here: the cache may run the load where the request's context does not flow.
        var reader = access.UserId;
        return await cache.ListAsync(await ReaderAsync(cancellationToken), $"{size}:{filter.Url()}", async token =>
        {
            var rows = await visible.Matching(filter, db, reader).SortedBy(filter.Sort)
                .Skip((filter.Page - 1) * size).Take(size + 1)
                .Cards().AsNoTracking().ToListAsync(token);
            return new RecipeListPage(rows.Take(size).ToList(), filter.Page, rows.Count > size);
        }, cancellationToken);
    }

    /// <summary>The cuisines of the recipes this reader sees, most used first, for the filter's choices.</summary>
    public async Task<IReadOnlyList<string>> CuisinesAsync(CancellationToken cancellationToken)
    {
        var visible = await access.VisibleAsync(cancellationToken);
        return await cache.ListAsync(await ReaderAsync(cancellationToken), "cuisines", async token =>
            await visible.Where(r => r.CuisineKey != "").GroupBy(r => r.CuisineKey)
                .OrderByDescending(g => g.Count()).ThenBy(g => g.Key).Take(30).Select(g => g.Key).ToListAsync(token), cancellationToken);
    }

    // Whose view of the workspace a list is: the same for every visitor; a member's own (their private recipes, "author=me").
    private async Task<string> ReaderAsync(CancellationToken cancellationToken) =>
        await access.IsMemberAsync(cancellationToken) ? $"member:{access.UserId}" : "visitor";
}
