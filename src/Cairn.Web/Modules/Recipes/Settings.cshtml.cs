using Microsoft.AspNetCore.Mvc;

namespace Cairn.Web.Modules.Recipes;

/// <summary><c>/recipes/settings</c>: the member's recipe emails and whether their profile shows their favourites.</summary>
public sealed class SettingsModel(RecipeAccess access, CairnDbContext db) : RecipesPageModel(access)
{
    protected override bool WritersOnly => true;

    [BindProperty]
    public NewRecipeEmails NewRecipes { get; set; }

    [BindProperty]
    public bool ActivityEmails { get; set; }

    [BindProperty]
    public bool ShareFavourites { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var settings = await RecipeEmailRules.SettingsAsync(db, Access.UserId!.Value, cancellationToken);
        (NewRecipes, ActivityEmails, ShareFavourites) = (settings.NewRecipes, settings.ActivityEmails, settings.ShareFavourites);
        ViewData["Title"] = "Recipe settings";
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!Enum.IsDefined(NewRecipes)) return BadRequest();
        var me = Access.UserId!.Value;
        var settings = await db.Set<RecipeMemberSettings>().FirstOrDefaultAsync(s => s.UserId == me, cancellationToken);
        if (settings is null) db.Add(settings = new RecipeMemberSettings { UserId = me });
        (settings.NewRecipes, settings.ActivityEmails, settings.ShareFavourites) = (NewRecipes, ActivityEmails, ShareFavourites);
        await db.SaveIdempotentAsync(settings, cancellationToken);
        Flash("Recipe settings saved.");
        return Redirect("/recipes/settings");
    }
}
