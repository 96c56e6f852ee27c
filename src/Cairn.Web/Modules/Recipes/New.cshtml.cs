using Microsoft.AspNetCore.Mvc;

namespace Cairn.Web.Modules.Recipes;

/// <summary><c>/recipes/new</c>: add a recipe, with its photos; "Check ingredients" shows how each line was read.</summary>
[RequestSizeLimit(RecipePhotoStore.MaxRequestBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = RecipePhotoStore.MaxRequestBytes)]
public sealed class NewModel(RecipeAccess access, RecipeForm form, RecipePhotoSaver photos, CairnDbContext db) : RecipesPageModel(access)
{
    protected override bool WritersOnly => true;

    [BindProperty]
    public RecipeInput Input { get; set; } = new();

    [BindProperty]
    public List<IFormFile> Photos { get; set; } = [];

    public IReadOnlyList<IngredientReview> Review { get; private set; } = [];

    public RecipeFormView View => new(Input, Review, IsNew: true, CancelUrl: "/recipes", Photos: [], Action: "/recipes/new");

    public void OnGet() => ViewData["Title"] = "New recipe";

    /// <summary>Shows the form again with each ingredient line as it was read; saves nothing.</summary>
    public IActionResult OnPostCheck()
    {
        ViewData["Title"] = "New recipe";
        ModelState.Clear();
        Review = RecipeForm.ReadIngredients(Input.Ingredients);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        ViewData["Title"] = "New recipe";
        Review = RecipeForm.ReadIngredients(Input.Ingredients);
        if (!ModelState.IsValid) return Page();
        var recipe = new Recipe { Title = Input.Title, Slug = "", AuthorId = Access.UserId!.Value };
        var errors = await form.ApplyAsync(recipe, Input, cancellationToken);
        foreach (var (field, message) in errors) ModelState.AddModelError($"Input.{field}", message);
        if (errors.Count > 0) return Page();

        db.Add(recipe);
        var photoError = await photos.AddAndSaveAsync(recipe, Photos, () => form.SaveAsync(cancellationToken), cancellationToken);
        if (photoError is not null)
        {
            ModelState.AddModelError(nameof(Photos), photoError);
            return Page();
        }

        Flash($"Recipe “{recipe.Title}” added.");
        return Redirect($"/recipes/{recipe.Slug}");
    }
}

/// <summary>What the recipe form partial shows.</summary>
/// <summary>What the recipe form partial shows; it posts to <paramref name="Action"/> (the import page shows the form of /recipes/new), and "Check ingredients" to its Check handler.</summary>
public sealed record RecipeFormView(RecipeInput Input, IReadOnlyList<IngredientReview> Review, bool IsNew, string CancelUrl, IReadOnlyList<RecipePhoto> Photos, string? Action = null);
