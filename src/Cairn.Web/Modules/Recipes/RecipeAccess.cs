namespace Cairn.Web.Modules.Recipes;

/// <summary>
/// Who may do what with recipes, decided once for pages, photos and the API: anyone reads public recipes, members
/// read the workspace's, only its author reads a private one; Members and up write; authors edit and delete their
/// own, Admins and Owners moderate every recipe they can read; Viewers only read.
/// </summary>
public sealed class RecipeAccess(CairnDbContext db, CurrentMembership membership, IHttpContextAccessor accessor)
{
    public Guid? UserId => accessor.HttpContext?.User.UserId();

    public Task<WorkspaceRole?> RoleAsync(CancellationToken cancellationToken = default) => membership.RoleAsync(cancellationToken);

    public async Task<bool> IsMemberAsync(CancellationToken cancellationToken = default) => WorkspacePermissions.CanRead(await RoleAsync(cancellationToken));

    /// <summary>Add recipes, rate, comment, keep favourites and collections: Members, Admins and Owners.</summary>
    public async Task<bool> CanWriteAsync(CancellationToken cancellationToken = default) => WorkspacePermissions.CanWrite(await RoleAsync(cancellationToken));

    public async Task<bool> IsAdminAsync(CancellationToken cancellationToken = default) => WorkspacePermissions.IsAdmin(await RoleAsync(cancellationToken));

    /// <summary>Whether this reader may open a recipe of this visibility and author.</summary>
    public async Task<bool> CanReadAsync(RecipeVisibility visibility, Guid authorId, CancellationToken cancellationToken = default) => visibility switch
    {
        RecipeVisibility.Public => true,
        RecipeVisibility.Members => await IsMemberAsync(cancellationToken),
        _ => UserId == authorId && await IsMemberAsync(cancellationToken),
    };

    /// <summary>Edit or delete: its author while still a writer here, or an Admin/Owner (a private recipe: its author only).</summary>
    public async Task<bool> CanEditAsync(Recipe recipe, CancellationToken cancellationToken = default) =>
        recipe.Visibility == RecipeVisibility.Private
            ? UserId == recipe.AuthorId && await CanWriteAsync(cancellationToken)
            : WorkspacePermissions.CanModify(await RoleAsync(cancellationToken), UserId, recipe.AuthorId);

    /// <summary>The recipes this reader may see: public ones for a stranger; for a member also the workspace's and their own private ones.</summary>
    public async Task<IQueryable<Recipe>> VisibleAsync(CancellationToken cancellationToken = default)
    {
        var recipes = db.Set<Recipe>().AsQueryable();
        if (!await IsMemberAsync(cancellationToken)) return recipes.Where(r => r.Visibility == RecipeVisibility.Public);
        var me = UserId;
        return recipes.Where(r => r.Visibility != RecipeVisibility.Private || r.AuthorId == me);
    }
}
