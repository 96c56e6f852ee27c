namespace Cairn.Web.Modules.Recipes;

/// <summary>
/// Adds uploaded photos to a recipe and saves them with it, all or nothing: a refused photo saves nothing, and a
/// failed save removes the files it wrote, so no file outlives a failed upload and no row points at a missing file.
/// </summary>
public sealed class RecipePhotoSaver(RecipePhotoStore store, CairnDbContext db, IOptions<RecipeOptions> options)
{
    /// <summary>Stores <paramref name="uploads"/>, adds them to <paramref name="recipe"/> and runs <paramref name="save"/>; returns why not, or null.</summary>
    public async Task<string?> AddAndSaveAsync(Recipe recipe, IReadOnlyList<IFormFile> uploads, Func<Task> save, CancellationToken cancellationToken)
    {
        var files = uploads.Where(u => u.Length > 0 || u.FileName.Length > 0).ToList();
        var max = options.Value.MaxPhotosPerRecipe;
        if (recipe.Photos.Count + files.Count > max) return $"A recipe may have at most {max} photos.";
        var tenantId = db.CurrentTenantId ?? throw new NoWorkspaceException();
        var (stored, error) = files.Count == 0 ? ([], null) : await store.SaveAllAsync(tenantId, files, cancellationToken);
        if (error is not null) return error;

        var position = recipe.Photos.Count == 0 ? 0 : recipe.Photos.Max(p => p.Position) + 1;
        foreach (var photo in stored)
            recipe.Photos.Add(new RecipePhoto { Token = photo.Token, Extension = photo.Extension, Width = photo.Width, Height = photo.Height, Position = position++ });
        recipe.RefreshCover();
        try
        {
            await save();
        }
        catch
        {
            store.Delete(tenantId, stored);
            throw;
        }

        return null;
    }
}
