using System.ComponentModel.DataAnnotations;
using Cairn.Web.Modules.Recipes.Import;
using Microsoft.AspNetCore.Mvc;

namespace Cairn.Web.Modules.Recipes;

/// <summary>
/// <c>/recipes/import</c>: paste a recipe page's address (or, for sites that turn robots away, the page's HTML) and
/// get the new-recipe form filled in from its schema.org Recipe (JSON-LD, then microdata) or, failing those, its
/// headings and lists, with each ingredient line shown as read for review. Nothing is saved until the form is.
/// Fetching is <see cref="RecipePageFetcher"/>'s: public addresses only, a few redirects, size and time limits;
/// the page's scripts never run.
/// </summary>
[RequestSizeLimit(4 * 1024 * 1024)]
[RequestFormLimits(ValueLengthLimit = 4 * 1024 * 1024)]
public sealed class ImportModel(RecipeAccess access, RecipePageFetcher fetcher, IOptions<RecipeOptions> options) : RecipesPageModel(access)
{
    protected override bool WritersOnly => true;

    [BindProperty]
    [StringLength(Recipe.MaxSourceLength, ErrorMessage = "The address may be at most 2,000 characters long.")]
    [Display(Name = "Address of a recipe page")]
    public string? Address { get; set; }

    [BindProperty]
    [Display(Name = "Or the page's HTML")]
    public string? Html { get; set; }

    /// <summary>The filled-in recipe form, once a recipe was read.</summary>
    public RecipeFormView? Form { get; private set; }

    public RecipeInput Input { get; private set; } = new();

    public string? Method { get; private set; }

    public void OnGet() => ViewData["Title"] = "Import a recipe";

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        ViewData["Title"] = "Import a recipe";
        if (!ModelState.IsValid) return Page();
        string html;
        Uri? address = null;
        if (!string.IsNullOrWhiteSpace(Html))
        {
            if (Html.Length > options.Value.Import.MaxBytes)
            {
                ModelState.AddModelError(nameof(Html), $"The page may be at most {options.Value.Import.MaxBytes / 1_000_000} MB.");
                return Page();
            }

            html = Html;
            if (Uri.TryCreate(Address?.Trim(), UriKind.Absolute, out var given) && given.Scheme is "http" or "https") address = given;
        }
        else if (!string.IsNullOrWhiteSpace(Address))
        {
            var wanted = Address.Trim();
            if (!wanted.Contains("://", StringComparison.Ordinal)) wanted = "https://" + wanted;
            var page = await fetcher.FetchAsync(wanted, cancellationToken);
            if (page.Error is not null)
            {
                ModelState.AddModelError(nameof(Address), page.Error);
                return Page();
            }

            (html, address) = (page.Html!, page.FinalAddress);
        }
        else
        {
            ModelState.AddModelError(nameof(Address), "Paste the address of a recipe page, or the page's HTML.");
            return Page();
        }

        var recipe = RecipePageReader.Read(html, address);
        if (recipe is null)
        {
            ModelState.AddModelError(string.IsNullOrWhiteSpace(Html) ? nameof(Address) : nameof(Html), "No recipe was found on that page.");
            return Page();
        }

        Method = recipe.Method;
        Input = new RecipeInput
        {
            Title = recipe.Title, Summary = recipe.Summary, Ingredients = string.Join('\n', recipe.IngredientLines), Steps = recipe.Steps,
            PrepMinutes = recipe.PrepMinutes, CookMinutes = recipe.CookMinutes, TotalMinutes = recipe.TotalMinutes, Servings = recipe.Servings ?? 4,
            Cuisine = recipe.Cuisine, SourceUrl = recipe.SourceUrl, Visibility = RecipeVisibility.Private,
        };
        Form = new RecipeFormView(Input, RecipeForm.ReadIngredients(Input.Ingredients), IsNew: true, CancelUrl: "/recipes", Photos: [], Action: "/recipes/new");
        return Page();
    }
}
