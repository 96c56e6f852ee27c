using Microsoft.AspNetCore.Mvc;

namespace Cairn.Web.Modules.Recipes;

/// <summary><c>/recipes/{slug}/edit</c>: change a recipe, add and remove photos, choose the cover, or delete it.</summary>
[RequestSizeLimit(RecipePhotoStore.MaxRequestBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = RecipePhotoStore.MaxRequestBytes)]
public sealed class EditModel(RecipeAccess access, RecipeForm form, RecipePhotoSaver photos, RecipePhotoStore store, CairnDbContext db) : RecipesPageModel(access)
{
    protected override bool WritersOnly => true;

    [BindProperty]
    public RecipeInput Input { get; set; } = new();

    [BindProperty]
    public List<IFormFile> Photos { get; set; } = [];

    public Recipe Recipe { get; private set; } = null!;
    public IReadOnlyList<IngredientReview> Review { get; private set; } = [];

    /// <summary>The address it was opened at: a save that failed after the title changed has not moved it yet.</summary>
    public string Slug { get; private set; } = "";

    public RecipeFormView View => new(Input, Review, IsNew: false, CancelUrl: $"/recipes/{Slug}", Photos: Recipe.Photos, Action: $"/recipes/{Slug}/edit");

    public async Task<IActionResult> OnGetAsync(string slug, CancellationToken cancellationToken)
    {
        if (await LoadAsync(slug, cancellationToken) is { } answer) return answer;
        Input = RecipeForm.InputFor(Recipe);
        Review = RecipeForm.ReadIngredients(Input.Ingredients);
        return Page();
    }

    public async Task<IActionResult> OnPostCheckAsync(string slug, CancellationToken cancellationToken)
    {
        if (await LoadAsync(slug, cancellationToken) is { } answer) return answer;
        ModelState.Clear();
        Review = RecipeForm.ReadIngredients(Input.Ingredients);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string slug, CancellationToken cancellationToken)
    {
        if (await LoadAsync(slug, cancellationToken) is { } answer) return answer;
        Review = RecipeForm.ReadIngredients(Input.Ingredients);
        if (!ModelState.IsValid) return Page();
        var errors = await form.ApplyAsync(Recipe, Input, cancellationToken);
        foreach (var (field, message) in errors) ModelState.AddModelError($"Input.{field}", message);
        if (errors.Count > 0) return Page();

        var photoError = await photos.AddAndSaveAsync(Recipe, Photos, () => form.SaveAsync(cancellationToken), cancellationToken);
        if (photoError is not null)
        {
            ModelState.AddModelError(nameof(Photos), photoError);
            return Page();
        }

        Flash($"Recipe “{Recipe.Title}” saved.");
        return Redirect($"/recipes/{Recipe.Slug}");
    }

    public async Task<IActionResult> OnPostCoverAsync(string slug, int photo, CancellationToken cancellationToken)
    {
        if (await LoadAsync(slug, cancellationToken) is { } answer) return answer;
        if (Recipe.Photos.FirstOrDefault(p => p.Id == photo) is not { } chosen) return NotFound();
        foreach (var p in Recipe.Photos) p.IsCover = p == chosen;
        Recipe.RefreshCover();
        await db.SaveChangesAsync(cancellationToken);
        Flash("Cover photo chosen.");
        return Redirect($"/recipes/{Recipe.Slug}/edit");
    }

    public async Task<IActionResult> OnPostRemovePhotoAsync(string slug, int photo, CancellationToken cancellationToken)
    {
        if (await LoadAsync(slug, cancellationToken) is { } answer) return answer;
        if (Recipe.Photos.FirstOrDefault(p => p.Id == photo) is not { } removed) return NotFound();
        Recipe.Photos.Remove(removed);
        db.Remove(removed);
        Recipe.RefreshCover();
        await db.SaveChangesAsync(cancellationToken);
        store.Delete(Recipe.TenantId, removed.Token, removed.Extension);
        Flash("Photo removed.");
        return Redirect($"/recipes/{Recipe.Slug}/edit");
    }

    public async Task<IActionResult> OnPostDeleteAsync(string slug, CancellationToken cancellationToken)
    {
        if (await LoadAsync(slug, cancellationToken) is { } answer) return answer;
        var files = Recipe.Photos.Select(p => (p.Token, p.Extension)).ToList();
        db.Remove(Recipe);
        await db.SaveChangesAsync(cancellationToken);
        foreach (var (token, extension) in files) store.Delete(Recipe.TenantId, token, extension);
        Flash($"Recipe “{Recipe.Title}” deleted.");
        return Redirect("/recipes");
    }

    private async Task<IActionResult?> LoadAsync(string slug, CancellationToken cancellationToken)
    {
        var recipe = await db.Set<Recipe>().Include(r => r.Ingredients).Include(r => r.Photos).AsSplitQuery()
            .FirstOrDefaultAsync(r => r.Slug == slug, cancellationToken);
        if (recipe is null || !await Access.CanReadAsync(recipe.Visibility, recipe.AuthorId, cancellationToken)) return NotFound();
        if (!await Access.CanEditAsync(recipe, cancellationToken)) return Denied();
        Recipe = recipe;
        Slug = recipe.Slug;
        ViewData["Title"] = $"Edit {recipe.Title}";
        return null;
    }
}
