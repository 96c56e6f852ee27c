using Cairn.Web.Platform.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Cairn.Web.Modules.Recipes;

public sealed record CollectionSummary(int Id, string Name, int Count);

public sealed record CollectionDetail(int Id, string Name, IReadOnlyList<RecipeSummary> Recipes);

public sealed record CollectionRequest(string? Name);

public sealed record ShoppingItemDetail(int Id, string Food, string Amount, string Aisle, bool Checked, string Sources);

public sealed record ShoppingListDetail(int Id, RecipeAuthor Owner, IReadOnlyList<ShoppingItemDetail> Items);

/// <summary>What to add to a shopping list: a line as written ("2 l milk"), or a recipe scaled to some servings.</summary>
public sealed record ShoppingAddRequest(string? Line, int? RecipeId, int? Servings);

public sealed record ShoppingItemChange(bool Checked);

/// <summary>
/// The member's own lists under <c>/api/v1/recipes/me</c>: favourites, collections and the shopping list (theirs, or a
/// household's with <c>?list=</c>). Each belongs to one member; another member's answers 404.
/// </summary>
public static class RecipeListsApi
{
    public static RouteGroupBuilder MapRecipeListsApi(this RouteGroupBuilder recipes)
    {
        recipes.MapGet("/me/favourites", FavouritesAsync).WithName("Recipes.Favourites").WithSummary("Your favourite recipes, last kept first")
            .Produces<IReadOnlyList<RecipeSummary>>().ProducesProblem(StatusCodes.Status403Forbidden);
        recipes.MapGet("/me/collections", async (RecipeCollections collections, RecipeAccess access, CancellationToken ct) =>
                await access.CanWriteAsync(ct) ? Results.Ok((await collections.MineAsync(ct)).Select(c => new CollectionSummary(c.Id, c.Name, c.Count)).ToList()) : ApiResults.Forbidden())
            .WithName("Recipes.Collections").WithSummary("Your collections").Produces<IReadOnlyList<CollectionSummary>>().ProducesProblem(StatusCodes.Status403Forbidden);
        recipes.MapPost("/me/collections", CreateCollectionAsync).WithName("Recipes.CreateCollection").WithSummary("Make a collection (or find yours of that name)")
            .Produces<CollectionDetail>(StatusCodes.Status201Created).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        recipes.MapGet("/me/collections/{id:int}", CollectionAsync).WithName("Recipes.Collection").WithSummary("One of your collections with its recipes")
            .Produces<CollectionDetail>().ProducesProblem(StatusCodes.Status404NotFound);
        recipes.MapDelete("/me/collections/{id:int}", async (int id, RecipeCollections collections, RecipeAccess access, CancellationToken ct) =>
            {
                if (await Mine(id, collections, access, ct) is not { } collection) return ApiResults.NotFound("collection");
                await collections.DeleteAsync(collection, ct);
                return Results.NoContent();
            })
            .WithName("Recipes.DeleteCollection").WithSummary("Delete one of your collections (its recipes stay)")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound);
        recipes.MapPut("/me/collections/{id:int}/recipes/{recipeId:int}", async (int id, int recipeId, RecipeCollections collections, RecipeAccess access, CancellationToken ct) =>
                await Mine(id, collections, access, ct) is not { } c ? ApiResults.NotFound("collection")
                : await collections.AddAsync(c, recipeId, ct) ? Results.NoContent() : ApiResults.NotFound("recipe"))
            .WithName("Recipes.Collect").WithSummary("Put a recipe you may read in one of your collections")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound);
        recipes.MapDelete("/me/collections/{id:int}/recipes/{recipeId:int}", async (int id, int recipeId, RecipeCollections collections, RecipeAccess access, CancellationToken ct) =>
                await Mine(id, collections, access, ct) is { } c && await collections.RemoveAsync(c, recipeId, ct) > 0 ? Results.NoContent() : ApiResults.NotFound("recipe in that collection"))
            .WithName("Recipes.Uncollect").WithSummary("Take a recipe out of one of your collections")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound);
        recipes.MapGet("/me/shopping", ShoppingAsync).WithName("Recipes.ShoppingList").WithSummary("Your shopping list (or a household's: ?list=ID), items by aisle")
            .Produces<ShoppingListDetail>().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        recipes.MapPost("/me/shopping/items", AddToListAsync).WithName("Recipes.AddToShoppingList")
            .WithSummary("Add a line (\"2 l milk\") or a recipe scaled to servings; the same food in compatible units merges")
            .Produces<ShoppingListDetail>().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithExample(new ShoppingAddRequest(null, 7, 8), null);
        recipes.MapPatch("/me/shopping/items/{itemId:int}", CheckAsync).WithName("Recipes.CheckItem").WithSummary("Check an item off, or back on")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        recipes.MapDelete("/me/shopping/items", ClearAsync).WithName("Recipes.ClearChecked").WithSummary("Remove the checked items")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        return recipes;
    }

    private static async Task<RecipeCollection?> Mine(int id, RecipeCollections collections, RecipeAccess access, CancellationToken cancellationToken) =>
        await access.CanWriteAsync(cancellationToken) ? await collections.FindAsync(id, cancellationToken) : null;

    private static async Task<Results<Ok<List<RecipeSummary>>, ProblemHttpResult>> FavouritesAsync(RecipeAccess access, CairnDbContext db, CancellationToken cancellationToken)
    {
        if (!await access.CanWriteAsync(cancellationToken)) return ApiResults.Forbidden();
        var me = access.UserId;
        var visible = await access.VisibleAsync(cancellationToken);
        var cards = await visible.FavouritesOf(db, me, 500).Cards().ToListAsync(cancellationToken);
        return TypedResults.Ok(cards.Select(RecipesApi.Summary).ToList());
    }

    private static async Task<Results<Created<CollectionDetail>, ProblemHttpResult>> CreateCollectionAsync(
        CollectionRequest request, RecipeCollections collections, RecipeAccess access, CancellationToken cancellationToken)
    {
        if (!await access.CanWriteAsync(cancellationToken)) return ApiResults.Forbidden();
        var (collection, error) = await collections.CreateAsync(request.Name, cancellationToken);
        if (error is not null) return ApiResults.Invalid([("name", error)]);
        var recipes = await collections.RecipesAsync(collection!, cancellationToken);
        return TypedResults.Created($"/api/v1/recipes/me/collections/{collection!.Id}", new CollectionDetail(collection.Id, collection.Name, [.. recipes.Select(RecipesApi.Summary)]));
    }

    private static async Task<Results<Ok<CollectionDetail>, ProblemHttpResult>> CollectionAsync(int id, RecipeCollections collections, RecipeAccess access, CancellationToken cancellationToken)
    {
        if (await Mine(id, collections, access, cancellationToken) is not { } collection) return ApiResults.NotFound("collection");
        var recipes = await collections.RecipesAsync(collection, cancellationToken);
        return TypedResults.Ok(new CollectionDetail(collection.Id, collection.Name, [.. recipes.Select(RecipesApi.Summary)]));
    }

    private static async Task<(ShoppingList? List, ProblemHttpResult? Problem)> ListAsync(int? list, RecipeAccess access, ShoppingLists lists, CancellationToken cancellationToken)
    {
        if (!await access.CanWriteAsync(cancellationToken)) return (null, ApiResults.Forbidden("Viewers and people outside the workspace keep no shopping list here."));
        var (chosen, _) = await lists.ChooseAsync(list, cancellationToken);
        return chosen is null ? (null, ApiResults.NotFound("shopping list")) : (chosen, null);
    }

    private static async Task<Results<Ok<ShoppingListDetail>, ProblemHttpResult>> ShoppingAsync(int? list, RecipeAccess access, ShoppingLists lists, CancellationToken cancellationToken)
    {
        var (chosen, problem) = await ListAsync(list, access, lists, cancellationToken);
        if (problem is not null) return problem;
        return TypedResults.Ok(await DetailAsync(chosen!, lists, cancellationToken));
    }

    private static async Task<Results<Ok<ShoppingListDetail>, ProblemHttpResult>> AddToListAsync(
        int? list, ShoppingAddRequest request, RecipeAccess access, ShoppingLists lists, CairnDbContext db, CancellationToken cancellationToken)
    {
        var (chosen, problem) = await ListAsync(list, access, lists, cancellationToken);
        if (problem is not null) return problem;
        if (request.RecipeId is { } recipeId)
        {
            var recipe = await RecipesApi.LoadReadableAsync(recipeId, access, db, tracked: false, cancellationToken);
            if (recipe is null) return ApiResults.NotFound("recipe");
            var servings = request.Servings ?? recipe.Servings;
            if (servings is < 1 or > Recipe.MaxServings) return ApiResults.Invalid([("servings", "Servings are from 1 to 500.")]);
            await lists.AddAsync(chosen!.Id, ShoppingLists.LinesOf(recipe, (double)servings / recipe.Servings), cancellationToken);
        }
        else if (request.Line is { } line && line.Trim().Length is > 0 and < IngredientParser.MaxLineLength)
        {
            var parsed = IngredientParser.Parse(line);
            var food = parsed.Food.Length > 0 ? parsed.Food : line.Trim();
            await lists.AddAsync(chosen!.Id, [new ShoppingLine(food, IngredientParser.FoodKey(food), parsed.Quantity, parsed.Unit, "")], cancellationToken);
        }
        else return ApiResults.Invalid([("line", "Send a line of at most 299 characters, or a recipeId.")]);

        return TypedResults.Ok(await DetailAsync(chosen!, lists, cancellationToken));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> CheckAsync(
        int itemId, int? list, ShoppingItemChange change, RecipeAccess access, ShoppingLists lists, CancellationToken cancellationToken)
    {
        var (chosen, problem) = await ListAsync(list, access, lists, cancellationToken);
        if (problem is not null) return problem;
        return await lists.SetCheckedAsync(chosen!.Id, itemId, change.Checked, cancellationToken) ? TypedResults.NoContent() : ApiResults.NotFound("item");
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> ClearAsync(int? list, RecipeAccess access, ShoppingLists lists, CancellationToken cancellationToken)
    {
        var (chosen, problem) = await ListAsync(list, access, lists, cancellationToken);
        if (problem is not null) return problem;
        await lists.ClearCheckedAsync(chosen!.Id, cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<ShoppingListDetail> DetailAsync(ShoppingList list, ShoppingLists lists, CancellationToken cancellationToken) => new(
        list.Id, new RecipeAuthor(list.Owner!.UserName!, list.Owner.DisplayName),
        [.. (await lists.ItemsAsync(list.Id, cancellationToken)).OrderBy(i => Array.IndexOf(Aisles.Order, i.Aisle)).ThenBy(i => i.Checked)
            .Select(i => new ShoppingItemDetail(i.Id, i.Food, i.Amount, i.Aisle, i.Checked, i.Sources))]);
}
