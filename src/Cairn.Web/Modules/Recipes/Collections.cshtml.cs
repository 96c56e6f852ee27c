using Microsoft.AspNetCore.Mvc;

namespace Cairn.Web.Modules.Recipes;

/// <summary>
/// <c>/recipes/collections</c>: the member's collections; <c>/recipes/collections/{id}</c>: one of them, with its
/// recipes; <c>/recipes/favourites</c>: the recipes they keep as favourites.
/// </summary>
public sealed class CollectionsModel(RecipeAccess access, RecipeCollections collections, CairnDbContext db) : RecipesPageModel(access)
{
    protected override bool WritersOnly => true;

    public IReadOnlyList<CollectionView> Mine { get; private set; } = [];
    public RecipeCollection? Collection { get; private set; }
    public bool Favourites { get; private set; }
    public IReadOnlyList<RecipeCard> Recipes { get; private set; } = [];

    [BindProperty]
    public string? Name { get; set; }

    public async Task<IActionResult> OnGetAsync(int? id, CancellationToken cancellationToken)
    {
        if (Request.Path.StartsWithSegments("/recipes/favourites"))
        {
            Favourites = true;
            var me = Access.UserId;
            var visible = await Access.VisibleAsync(cancellationToken);
            Recipes = await visible.FavouritesOf(db, me, 500).Cards().ToListAsync(cancellationToken);
            ViewData["Title"] = "Favourites";
            return Page();
        }

        if (id is { } wanted)
        {
            Collection = await collections.FindAsync(wanted, cancellationToken);
            if (Collection is null) return NotFound();
            Recipes = await collections.RecipesAsync(Collection, cancellationToken);
            ViewData["Title"] = Collection.Name;
            return Page();
        }

        Mine = await collections.MineAsync(cancellationToken);
        ViewData["Title"] = "Collections";
        return Page();
    }

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken cancellationToken)
    {
        var (collection, error) = await collections.CreateAsync(Name, cancellationToken);
        if (error is not null)
        {
            ModelState.AddModelError(nameof(Name), error);
            return await OnGetAsync(null, cancellationToken);
        }

        return Redirect($"/recipes/collections/{collection!.Id}");
    }

    public async Task<IActionResult> OnPostRemoveAsync(int id, int recipe, CancellationToken cancellationToken)
    {
        if (await collections.FindAsync(id, cancellationToken) is not { } collection) return NotFound();
        await collections.RemoveAsync(collection, recipe, cancellationToken);
        return Redirect($"/recipes/collections/{id}");
    }

    public async Task<IActionResult> OnPostDeleteAsync(int id, CancellationToken cancellationToken)
    {
        if (await collections.FindAsync(id, cancellationToken) is not { } collection) return NotFound();
        await collections.DeleteAsync(collection, cancellationToken);
        Flash($"Collection “{collection.Name}” deleted; its recipes stay.");
        return Redirect("/recipes/collections");
    }
}
