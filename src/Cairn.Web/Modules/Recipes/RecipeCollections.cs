namespace Cairn.Web.Modules.Recipes;

/// <summary>A member's collection as lists show it.</summary>
public sealed record CollectionView(int Id, string Name, int Count);

/// <summary>
/// Named collections of recipes, each its owner's alone. A collection only ever shows the recipes its owner may
/// still read (one made private by its author since it was added drops out, and comes back if it is shared again).
/// </summary>
public sealed class RecipeCollections(CairnDbContext db, RecipeAccess access, TimeProvider clock)
{
    private Guid Me => access.UserId ?? throw new InvalidOperationException("Collections need a signed-in member.");

    public async Task<List<CollectionView>> MineAsync(CancellationToken cancellationToken)
    {
        var visible = await access.VisibleAsync(cancellationToken);
        var me = Me;
        return await db.Set<RecipeCollection>().Where(c => c.OwnerId == me).OrderBy(c => c.Name)
            .Select(c => new CollectionView(c.Id, c.Name, c.Items.Count(i => visible.Any(r => r.Id == i.RecipeId)))).ToListAsync(cancellationToken);
    }

    /// <summary>This member's collection <paramref name="id"/>, or null (also for another member's).</summary>
    public Task<RecipeCollection?> FindAsync(int id, CancellationToken cancellationToken)
    {
        var me = Me;
        return db.Set<RecipeCollection>().FirstOrDefaultAsync(c => c.Id == id && c.OwnerId == me, cancellationToken);
    }

    /// <summary>Makes a collection, or finds the one of that name; null with a message for a bad name.</summary>
    public async Task<(RecipeCollection? Collection, string? Error)> CreateAsync(string? name, CancellationToken cancellationToken)
    {
        var clean = string.Join(' ', (name ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries));
        if (clean.Length == 0) return (null, "Give the collection a name.");
        if (clean.Length > RecipeCollection.MaxNameLength) return (null, "A collection's name may be at most 100 characters long.");
        var me = Me;
        if (await db.Set<RecipeCollection>().FirstOrDefaultAsync(c => c.OwnerId == me && c.Name == clean, cancellationToken) is { } existing) return (existing, null);
        if (await db.Set<RecipeCollection>().CountAsync(c => c.OwnerId == me, cancellationToken) >= 200) return (null, "At most 200 collections, please.");
        var collection = new RecipeCollection { Name = clean, OwnerId = me, CreatedAt = clock.GetUtcNow().UtcDateTime };
        db.Add(collection);
        await db.SaveIdempotentAsync(collection, cancellationToken);
        return collection.Id == 0 ? await CreateAsync(clean, cancellationToken) : (collection, null);
    }

    /// <summary>Adds a recipe the member may read; false when it is not one.</summary>
    public async Task<bool> AddAsync(RecipeCollection collection, int recipeId, CancellationToken cancellationToken)
    {
        if (!await (await access.VisibleAsync(cancellationToken)).AnyAsync(r => r.Id == recipeId, cancellationToken)) return false;
        if (await db.Set<RecipeCollectionItem>().AnyAsync(i => i.CollectionId == collection.Id && i.RecipeId == recipeId, cancellationToken)) return true;
        var item = new RecipeCollectionItem { CollectionId = collection.Id, RecipeId = recipeId, AddedAt = clock.GetUtcNow().UtcDateTime };
        db.Add(item);
        await db.SaveIdempotentAsync(item, cancellationToken);
        return true;
    }

    public Task<int> RemoveAsync(RecipeCollection collection, int recipeId, CancellationToken cancellationToken) =>
        db.Set<RecipeCollectionItem>().Where(i => i.CollectionId == collection.Id && i.RecipeId == recipeId).ExecuteDeleteAsync(cancellationToken);

    public Task<int> DeleteAsync(RecipeCollection collection, CancellationToken cancellationToken) =>
        db.Set<RecipeCollection>().Where(c => c.Id == collection.Id).ExecuteDeleteAsync(cancellationToken);

    /// <summary>The collection's recipes the member may read, last added first.</summary>
    public async Task<List<RecipeCard>> RecipesAsync(RecipeCollection collection, CancellationToken cancellationToken)
    {
        var visible = await access.VisibleAsync(cancellationToken);
        var items = db.Set<RecipeCollectionItem>().Where(i => i.CollectionId == collection.Id);
        return await visible.Join(items, r => r.Id, i => i.RecipeId, (r, i) => new { r, i.AddedAt }).OrderByDescending(x => x.AddedAt).Select(x => x.r)
            .Cards().ToListAsync(cancellationToken);
    }
}
