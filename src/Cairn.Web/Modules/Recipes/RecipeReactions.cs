namespace Cairn.Web.Modules.Recipes;

/// <summary>A member's rating and favourites, written the same way by the recipe page and the API.</summary>
public static class RecipeReactions
{
    /// <summary>
    /// One rating per member: changes theirs, or adds it, and a first rating tells the author (with the rating's own
    /// commit). Rated twice at once (two tabs), the later stars stand.
    /// </summary>
    public static async Task RateAsync(CairnDbContext db, RecipeCache cache, int recipeId, Guid userId, int stars, DateTime now, CancellationToken cancellationToken)
    {
        var mine = db.Set<RecipeRating>().Where(r => r.RecipeId == recipeId && r.UserId == userId);
        if (await mine.ExecuteUpdateAsync(set => set.SetProperty(r => r.Stars, stars).SetProperty(r => r.UpdatedAt, now), cancellationToken) > 0)
        {
            // A changed rating is an update EF does not track: the recipe's average, on its page and in lists, is stale.
            await cache.InvalidateAsync([RecipeCache.RecipePart(recipeId), RecipeCache.List], cancellationToken);
            return;
        }

        db.Add(new RecipeRating { RecipeId = recipeId, UserId = userId, Stars = stars, UpdatedAt = now });
        db.Enqueue(new SendRecipeActivityEmail(recipeId, userId, stars, null));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (UniqueViolations.Is(e))
        {
            db.ChangeTracker.Clear();
            await mine.ExecuteUpdateAsync(set => set.SetProperty(r => r.Stars, stars).SetProperty(r => r.UpdatedAt, now), cancellationToken);
            await cache.InvalidateAsync([RecipeCache.RecipePart(recipeId), RecipeCache.List], cancellationToken);
        }
    }

    /// <summary>Keeps the recipe among the member's favourites (already there, or added by a request at the same moment: the same).</summary>
    public static async Task KeepFavouriteAsync(CairnDbContext db, int recipeId, Guid userId, DateTime now, CancellationToken cancellationToken)
    {
        if (await db.Set<RecipeFavourite>().AnyAsync(f => f.RecipeId == recipeId && f.UserId == userId, cancellationToken)) return;
        var favourite = new RecipeFavourite { RecipeId = recipeId, UserId = userId, CreatedAt = now };
        db.Add(favourite);
        await db.SaveIdempotentAsync(favourite, cancellationToken);
    }

    /// <summary>Drops the recipe from the member's favourites; true when it was one.</summary>
    public static async Task<bool> DropFavouriteAsync(CairnDbContext db, int recipeId, Guid userId, CancellationToken cancellationToken) =>
        await db.Set<RecipeFavourite>().Where(f => f.RecipeId == recipeId && f.UserId == userId).ExecuteDeleteAsync(cancellationToken) > 0;

    /// <summary>Of <paramref name="visible"/>, the recipes <paramref name="userId"/> keeps as favourites, last kept first.</summary>
    public static IQueryable<Recipe> FavouritesOf(this IQueryable<Recipe> visible, CairnDbContext db, Guid? userId, int take) =>
        visible.Join(db.Set<RecipeFavourite>().Where(f => f.UserId == userId), r => r.Id, f => f.RecipeId, (r, f) => new { r, f.CreatedAt })
            .OrderByDescending(x => x.CreatedAt).Take(take).Select(x => x.r);
}
