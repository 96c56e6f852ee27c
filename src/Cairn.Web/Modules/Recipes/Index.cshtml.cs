namespace Cairn.Web.Modules.Recipes;

/// <summary><c>/recipes</c>: the recipes the reader may see, searched and filtered from the address bar.</summary>
public sealed class IndexModel(RecipeAccess access, RecipeQueries queries) : RecipesPageModel(access)
{
    public RecipeFilter Filter { get; private set; } = new();
    public RecipeListPage Results { get; private set; } = new([], 1, false);
    public IReadOnlyList<string> Cuisines { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Filter = RecipeFilter.Parse(Request.Query);
        HttpContext.DependsOn(RecipeCache.List);
        Results = await queries.ListAsync(Filter, cancellationToken);
        Cuisines = await queries.CuisinesAsync(cancellationToken);
        ViewData["Title"] = "Recipes";
    }
}
