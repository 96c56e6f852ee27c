namespace Cairn.Web.Modules.Recipes.Import;

/// <summary>
/// A recipe as <see cref="RecipePageReader"/> read it from a web page, cleaned and cut to the sizes a recipe takes,
/// for the import page to fill the recipe form with. Nothing here is trusted: it is what the page said.
/// </summary>
/// <param name="Title">The recipe's name.</param>
/// <param name="Summary">Its description, as plain text.</param>
/// <param name="IngredientLines">
/// One line per ingredient as the page wrote it (HTML decoded, white space collapsed); where the page groups
/// ingredients, the group's heading is a line of its own ending in a colon ("For the dough:").
/// </param>
/// <param name="Steps">The method in Markdown: a numbered list, each named section a bold line before its steps.</param>
/// <param name="PrepMinutes">Preparation time, when the page gives a readable one of at most a week.</param>
/// <param name="CookMinutes">Cooking time, likewise.</param>
/// <param name="TotalMinutes">Total time, likewise (never worked out from the other two).</param>
/// <param name="Servings">The first number of the recipe's yield ("Serves 4-6" is 4), when from 1 to 500.</param>
/// <param name="Cuisine">The (first) cuisine, or "".</param>
/// <param name="SourceUrl">The page's address: the one it was fetched from, else its canonical link or the recipe's own url.</param>
/// <param name="ImageUrls">Up to five absolute http(s) image addresses, in the page's order. Fetch them as carefully as the page.</param>
/// <param name="Method">How the recipe was found: <c>json-ld</c>, <c>microdata</c> or <c>page</c> (headings and lists).</param>
public sealed record ImportedRecipe(
    string Title,
    string Summary,
    IReadOnlyList<string> IngredientLines,
    string Steps,
    int? PrepMinutes,
    int? CookMinutes,
    int? TotalMinutes,
    int? Servings,
    string Cuisine,
    string? SourceUrl,
    IReadOnlyList<string> ImageUrls,
    string Method);
