namespace Cairn.Web.Modules.Recipes;

/// <summary>How pages and emails write the module's values.</summary>
public static class RecipeText
{
    public static string Diet(Diets diet) => diet switch
    {
        Diets.GlutenFree => "Gluten-free",
        Diets.DairyFree => "Dairy-free",
        Diets.NutFree => "Nut-free",
        Diets.LowCarb => "Low-carb",
        _ => diet.ToString(),
    };

    public static string Minutes(int minutes) => minutes switch
    {
        < 60 => $"{minutes} min",
        _ when minutes % 60 == 0 => $"{minutes / 60} h",
        _ => $"{minutes / 60} h {minutes % 60} min",
    };

    public static string Visibility(RecipeVisibility visibility) => visibility switch
    {
        RecipeVisibility.Private => "Only me",
        RecipeVisibility.Public => "Public",
        _ => "Workspace members",
    };
}
