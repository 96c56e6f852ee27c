using Cairn.Web.Platform.Api;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Cairn.Web.Modules.Recipes;

public sealed record RecipeAuthor(string Username, string DisplayName);

public sealed record RecipeRatingSummary(double Average, int Count, int? Mine);

/// <summary>A recipe in a list answer.</summary>
public sealed record RecipeSummary(
    int Id, string Slug, string Title, string Summary, RecipeAuthor Author, int? TotalMinutes, int Servings, string Cuisine,
    IReadOnlyList<string> Diets, string Visibility, double RatingAverage, int RatingCount, string? CoverUrl, DateTime CreatedAt);

/// <summary>An ingredient line, as written and as read.</summary>
public sealed record IngredientDetail(string Section, string Line, double? Quantity, double? QuantityMax, string? Unit, string Food, string Note);

public sealed record PhotoDetail(int Id, bool IsCover, int Width, int Height, string Small, string Medium, string Large);

/// <summary>One recipe, whole.</summary>
public sealed record RecipeDetail(
    int Id, string Slug, string Title, string Summary, RecipeAuthor Author, IReadOnlyList<IngredientDetail> Ingredients, string Steps, string StepsHtml,
    int? PrepMinutes, int? CookMinutes, int? TotalMinutes, int Servings, string Cuisine, IReadOnlyList<string> Diets, string? SourceUrl,
    string Visibility, RecipeRatingSummary Rating, IReadOnlyList<PhotoDetail> Photos, DateTime CreatedAt, DateTime UpdatedAt);

/// <summary>
/// A new recipe (POST) or a whole one (PUT): only <see cref="Title"/> is required. Ingredients are lines as a cook
/// writes them; a line ending in a colon starts a section. In a PATCH, fields left out keep their values.
/// </summary>
public sealed class RecipeRequest
{
    public string? Title { get; set; }
    public string? Summary { get; set; }
    public IReadOnlyList<string>? Ingredients { get; set; }

    /// <summary>Markdown.</summary>
    public string? Steps { get; set; }
    public int? PrepMinutes { get; set; }
    public int? CookMinutes { get; set; }
    public int? TotalMinutes { get; set; }
    public int? Servings { get; set; }
    public string? Cuisine { get; set; }

    /// <summary>Of vegetarian, vegan, gluten-free, dairy-free, nut-free, low-carb, pescatarian, halal, kosher.</summary>
    public IReadOnlyList<string>? Diets { get; set; }
    public string? SourceUrl { get; set; }

    /// <summary><c>private</c>, <c>members</c> or <c>public</c>.</summary>
    public string? Visibility { get; set; }
}

public sealed record RatingRequest(int Stars);

/// <summary>
/// <c>/api/v1/recipes</c>: recipes for programs (DRF's viewset and router, as minimal APIs), with the page's filters
/// (<see cref="RecipeFilter"/>) and permissions (<see cref="RecipeAccess"/>): anyone lists and reads public recipes,
/// members the workspace's; authors edit theirs, Admins moderate, Viewers read. ETags on single recipes, If-Match on writes.
/// </summary>
public static class RecipesApi
{
    private static class Examples
    {
        private static readonly DateTime Created = new(2026, 11, 20, 9, 15, 0, DateTimeKind.Utc);
        private static readonly RecipeAuthor Ada = new("ada", "Ada Lovelace");

        public static readonly RecipeRequest New = new()
        {
            Title = "Weeknight tomato soup", Summary = "Tinned tomatoes, an onion, twenty minutes.",
            Ingredients = ["For the soup:", "2 tbsp olive oil", "1 onion, diced", "2 x 400g cans chopped tomatoes"],
            Steps = "1. Soften the onion.\n2. Add the tomatoes and simmer.", PrepMinutes = 5, CookMinutes = 20, Servings = 4,
            Cuisine = "Italian", Diets = ["vegan"], Visibility = "members",
        };

        public static readonly RecipeDetail Recipe = new(
            7, "weeknight-tomato-soup", "Weeknight tomato soup", "Tinned tomatoes, an onion, twenty minutes.", Ada,
            [new("For the soup", "2 tbsp olive oil", 2, null, "tbsp", "olive oil", ""), new("For the soup", "1 onion, diced", 1, null, null, "onion", "diced"),
             new("For the soup", "2 x 400g cans chopped tomatoes", 2, null, "can", "chopped tomatoes", "400g")],
            "1. Soften the onion.\n2. Add the tomatoes and simmer.", "<ol>\n<li>Soften the onion.</li>\n<li>Add the tomatoes and simmer.</li>\n</ol>\n",
            5, 20, 25, 4, "Italian", ["vegan"], null, "members", new(4.5, 2, 5), [], Created, Created);

        public static readonly RecipeSummary Summary = new(Recipe.Id, Recipe.Slug, Recipe.Title, Recipe.Summary, Ada, 25, 4, "Italian", ["vegan"], "members", 4.5, 2, null, Created);
    }

    public static IEndpointRouteBuilder MapRecipesApi(this IEndpointRouteBuilder endpoints)
    {
        var recipes = endpoints.MapApiV1("recipes").WithTags("Recipes");
        recipes.MapGet("/", ListAsync).WithName("Recipes.List").AllowAnonymous()
            .WithSummary("Recipes you may see, filtered, sorted and paged like /recipes")
            .WithDescription("Query parameters as on the page: q, include and exclude (ingredients, comma-separated), cuisine, diet (e.g. vegan,gluten-free), "
                + "time (at most, minutes), rating (at least, 1-5), author (username or me), sort (newest|rating|time), page. A value that cannot be read is 422. "
                + "Without signing in, the public recipes.")
            .Produces<ApiPage<RecipeSummary>>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithExample(response: new ApiPage<RecipeSummary>([Examples.Summary], 1, 24, 1, 1));
        recipes.MapGet("/{id:int}", GetAsync).WithName("Recipes.Get").AllowAnonymous()
            .WithSummary("One recipe, with its ETag (If-None-Match answers 304)")
            .Produces<RecipeDetail>().Produces(StatusCodes.Status304NotModified).ProducesProblem(StatusCodes.Status404NotFound)
            .WithExample(response: Examples.Recipe);
        recipes.MapPost("/", CreateAsync).WithName("Recipes.Create")
            .WithSummary("Add a recipe; only the title is required")
            .Produces<RecipeDetail>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithExample(Examples.New, Examples.Recipe, StatusCodes.Status201Created);
        recipes.MapPut("/{id:int}", ReplaceAsync).WithName("Recipes.Replace")
            .WithSummary("Replace a recipe (fields left out take their defaults); its author or an admin; honours If-Match")
            .Produces<RecipeDetail>()
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status412PreconditionFailed).ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithExample(Examples.New, Examples.Recipe);
        recipes.MapPatch("/{id:int}", PatchAsync).WithName("Recipes.Update")
            .WithSummary("Change the fields sent, keep the others; its author or an admin; honours If-Match")
            .Accepts<RecipeRequest>("application/json", "application/merge-patch+json")
            .Produces<RecipeDetail>()
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status412PreconditionFailed).ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithExample(new { servings = 6 }, Examples.Recipe with { Servings = 6 });
        recipes.MapDelete("/{id:int}", DeleteAsync).WithName("Recipes.Delete")
            .WithSummary("Delete a recipe with its photos; its author or an admin; honours If-Match")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status412PreconditionFailed);
        recipes.MapPost("/{id:int}/photos", AddPhotosAsync).WithName("Recipes.AddPhotos")
            .WithSummary("Upload photos (multipart/form-data, field \"photos\", several at once); the first of a recipe becomes its cover")
            .Accepts<IFormFileCollection>("multipart/form-data")
            .WithMetadata(new RequestSizeLimitAttribute(RecipePhotoStore.MaxRequestBytes), new RequestFormLimitsAttribute { MultipartBodyLengthLimit = RecipePhotoStore.MaxRequestBytes })
            .Produces<RecipeDetail>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        recipes.MapDelete("/{id:int}/photos/{photoId:int}", DeletePhotoAsync).WithName("Recipes.DeletePhoto")
            .WithSummary("Remove a photo; its author or an admin")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        recipes.MapPut("/{id:int}/rating", RateAsync).WithName("Recipes.Rate")
            .WithSummary("Rate a recipe 1-5 (one rating per member; sending again changes it)")
            .Produces<RecipeRatingSummary>().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithExample(new RatingRequest(5), new RecipeRatingSummary(4.5, 2, 5));
        recipes.MapPut("/{id:int}/favourite", (int id, HttpContext http, RecipeAccess access, CairnDbContext db, CancellationToken ct) => FavouriteAsync(id, true, access, db, ct))
            .WithName("Recipes.Favourite").WithSummary("Keep a recipe among your favourites")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        recipes.MapDelete("/{id:int}/favourite", (int id, HttpContext http, RecipeAccess access, CairnDbContext db, CancellationToken ct) => FavouriteAsync(id, false, access, db, ct))
            .WithName("Recipes.Unfavourite").WithSummary("Drop a recipe from your favourites")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        recipes.MapRecipeListsApi();
        return endpoints;
    }

    /// <summary>The list's query parameters, declared for the OpenAPI document; <see cref="RecipeFilter.Parse"/> reads them.</summary>
    public sealed record RecipeListQuery(
        [FromQuery(Name = "q")] string? Q, [FromQuery(Name = "include")] string? Include, [FromQuery(Name = "exclude")] string? Exclude,
        [FromQuery(Name = "cuisine")] string? Cuisine, [FromQuery(Name = "diet")] string? Diet, [FromQuery(Name = "time")] string? Time,
        [FromQuery(Name = "rating")] string? Rating, [FromQuery(Name = "author")] string? Author, [FromQuery(Name = "sort")] string? Sort,
        [FromQuery(Name = "page")] string? Page);

    private static async Task<Results<Ok<ApiPage<RecipeSummary>>, ProblemHttpResult>> ListAsync(
        [AsParameters] RecipeListQuery query, HttpContext http, RecipeAccess access, CairnDbContext db, IOptions<RecipeOptions> options, CancellationToken cancellationToken)
    {
        var filter = RecipeFilter.Parse(http.Request.Query);
        if (filter.Ignored.Count > 0) return ApiResults.Invalid(filter.Ignored.Select(key => (key, $"'{http.Request.Query[key]}' is not a value of '{key}'.")));
        var matching = (await access.VisibleAsync(cancellationToken)).Matching(filter, db, access.UserId);
        var total = await matching.CountAsync(cancellationToken);
        var size = options.Value.PageSize;
        var pages = Math.Max(1, (total + size - 1) / size);
        if (filter.Page > pages) return ApiResults.NoSuchPage($"The list has {pages} page(s).");
        var cards = await matching.SortedBy(filter.Sort).Skip((filter.Page - 1) * size).Take(size).Cards().AsNoTracking().ToListAsync(cancellationToken);
        var body = new ApiPage<RecipeSummary>([.. cards.Select(Summary)], filter.Page, size, total, pages);
        http.Response.AddPageLinks(body, n => "/api/v1" + filter.Url(v => v["page"] = n.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return TypedResults.Ok(body);
    }

    private static async Task<Results<Ok<RecipeDetail>, StatusCodeHttpResult, ProblemHttpResult>> GetAsync(
        int id, HttpContext http, RecipeAccess access, CairnDbContext db, CancellationToken cancellationToken)
    {
        var recipe = await LoadReadableAsync(id, access, db, tracked: false, cancellationToken);
        if (recipe is null) return ApiResults.NotFound("recipe");
        var detail = await DetailAsync(recipe, access, db, cancellationToken);
        return http.OkOrNotModified(ETag(recipe), () => detail);
    }

    private static async Task<Results<Created<RecipeDetail>, ProblemHttpResult>> CreateAsync(
        RecipeRequest request, HttpContext http, RecipeAccess access, RecipeForm form, CairnDbContext db, CancellationToken cancellationToken)
    {
        if (!await access.CanWriteAsync(cancellationToken)) return ApiResults.Forbidden("Viewers and people outside the workspace do not add recipes.");
        var recipe = new Recipe { Title = "", Slug = "", AuthorId = access.UserId!.Value };
        if (await ApplyAsync(request, ApiFields.All, new RecipeInput(), recipe, form, cancellationToken) is { } invalid) return invalid;
        db.Add(recipe);
        await form.SaveAsync(cancellationToken);
        var saved = (await LoadReadableAsync(recipe.Id, access, db, tracked: false, cancellationToken))!;
        return http.Response.Tagged(ETag(saved), TypedResults.Created($"/api/v1/recipes/{saved.Id}", await DetailAsync(saved, access, db, cancellationToken)));
    }

    private static Task<Results<Ok<RecipeDetail>, ProblemHttpResult>> ReplaceAsync(
        int id, RecipeRequest request, HttpContext http, RecipeAccess access, RecipeForm form, CairnDbContext db, CancellationToken cancellationToken) =>
        UpdateAsync(id, request, ApiFields.All, http, access, form, db, cancellationToken);

    private static Task<Results<Ok<RecipeDetail>, ProblemHttpResult>> PatchAsync(
        int id, HttpContext http, RecipeAccess access, RecipeForm form, CairnDbContext db, CancellationToken cancellationToken) =>
        http.Request.PatchAsync<RecipeRequest, RecipeDetail>("a recipe", (request, fields) => UpdateAsync(id, request, fields, http, access, form, db, cancellationToken), cancellationToken);

    private static async Task<Results<Ok<RecipeDetail>, ProblemHttpResult>> UpdateAsync(
        int id, RecipeRequest request, ApiFields fields, HttpContext http, RecipeAccess access, RecipeForm form, CairnDbContext db, CancellationToken cancellationToken)
    {
        var recipe = await LoadReadableAsync(id, access, db, tracked: true, cancellationToken);
        if (recipe is null) return ApiResults.NotFound("recipe");
        if (!await access.CanEditAsync(recipe, cancellationToken)) return ApiResults.Forbidden("Only its author or an admin may change a recipe.");
        if (http.Request.PreconditionFails(ETag(recipe))) return ApiResults.PreconditionFailed();
        var start = fields.IsPatch ? RecipeForm.InputFor(recipe) : new RecipeInput();
        if (await ApplyAsync(request, fields, start, recipe, form, cancellationToken) is { } invalid) return invalid;
        await form.SaveAsync(cancellationToken);
        var saved = (await LoadReadableAsync(id, access, db, tracked: false, cancellationToken))!;
        return http.Response.Tagged(ETag(saved), TypedResults.Ok(await DetailAsync(saved, access, db, cancellationToken)));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        int id, HttpContext http, RecipeAccess access, CairnDbContext db, RecipePhotoStore store, RecipeCache cache, CancellationToken cancellationToken)
    {
        var recipe = await LoadReadableAsync(id, access, db, tracked: false, cancellationToken);
        if (recipe is null) return ApiResults.NotFound("recipe");
        if (!await access.CanEditAsync(recipe, cancellationToken)) return ApiResults.Forbidden("Only its author or an admin may delete a recipe.");
        if (http.Request.PreconditionFails(ETag(recipe))) return ApiResults.PreconditionFailed();
        await db.Set<Recipe>().Where(r => r.Id == id).ExecuteDeleteAsync(cancellationToken);
        await cache.InvalidateAsync(RecipeCache.RecipeParts(id), cancellationToken);
        foreach (var photo in recipe.Photos) store.Delete(recipe.TenantId, photo.Token, photo.Extension);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Created<RecipeDetail>, ProblemHttpResult>> AddPhotosAsync(
        int id, HttpContext http, RecipeAccess access, CairnDbContext db, RecipePhotoSaver photos, CancellationToken cancellationToken)
    {
        var recipe = await LoadReadableAsync(id, access, db, tracked: true, cancellationToken);
        if (recipe is null) return ApiResults.NotFound("recipe");
        if (!await access.CanEditAsync(recipe, cancellationToken)) return ApiResults.Forbidden("Only its author or an admin may add photos.");
        if (!http.Request.HasFormContentType) return ApiResults.Invalid([("photos", "Send the photos as multipart/form-data, in the field \"photos\".")]);
        var files = (await http.Request.ReadFormAsync(cancellationToken)).Files.Where(f => f.Name == "photos").ToList();
        if (files.Count == 0) return ApiResults.Invalid([("photos", "Send at least one photo in the field \"photos\".")]);
        var error = await photos.AddAndSaveAsync(recipe, files, () => db.SaveChangesAsync(cancellationToken), cancellationToken);
        if (error is not null) return ApiResults.Invalid([("photos", error)]);
        var saved = (await LoadReadableAsync(id, access, db, tracked: false, cancellationToken))!;
        return TypedResults.Created($"/api/v1/recipes/{id}", await DetailAsync(saved, access, db, cancellationToken));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeletePhotoAsync(
        int id, int photoId, RecipeAccess access, CairnDbContext db, RecipePhotoStore store, CancellationToken cancellationToken)
    {
        var recipe = await LoadReadableAsync(id, access, db, tracked: true, cancellationToken);
        if (recipe?.Photos.FirstOrDefault(p => p.Id == photoId) is not { } photo) return ApiResults.NotFound("photo");
        if (!await access.CanEditAsync(recipe, cancellationToken)) return ApiResults.Forbidden("Only its author or an admin may remove photos.");
        recipe.Photos.Remove(photo);
        db.Remove(photo);
        recipe.RefreshCover();
        await db.SaveChangesAsync(cancellationToken);
        store.Delete(recipe.TenantId, photo.Token, photo.Extension);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<RecipeRatingSummary>, ProblemHttpResult>> RateAsync(
        int id, RatingRequest request, RecipeAccess access, CairnDbContext db, RecipeCache cache, TimeProvider clock, CancellationToken cancellationToken)
    {
        var recipe = await LoadReadableAsync(id, access, db, tracked: false, cancellationToken);
        if (recipe is null) return ApiResults.NotFound("recipe");
        if (!await access.CanWriteAsync(cancellationToken)) return ApiResults.Forbidden("Viewers and people outside the workspace do not rate.");
        if (request.Stars is < 1 or > 5) return ApiResults.Invalid([("stars", "From 1 to 5 stars.")]);
        await RecipeReactions.RateAsync(db, cache, id, access.UserId!.Value, request.Stars, clock.GetUtcNow().UtcDateTime, cancellationToken);
        var totals = await db.Set<Recipe>().Where(r => r.Id == id).Select(r => new { r.RatingAverage, r.RatingCount }).FirstAsync(cancellationToken);
        return TypedResults.Ok(new RecipeRatingSummary(totals.RatingAverage, totals.RatingCount, request.Stars));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> FavouriteAsync(int id, bool keep, RecipeAccess access, CairnDbContext db, CancellationToken cancellationToken)
    {
        if (await LoadReadableAsync(id, access, db, tracked: false, cancellationToken) is null) return ApiResults.NotFound("recipe");
        if (!await access.CanWriteAsync(cancellationToken)) return ApiResults.Forbidden();
        var me = access.UserId!.Value;
        if (keep) await RecipeReactions.KeepFavouriteAsync(db, id, me, DateTime.UtcNow, cancellationToken);
        else await RecipeReactions.DropFavouriteAsync(db, id, me, cancellationToken);
        return TypedResults.NoContent();
    }

    /// <summary>The request laid over <paramref name="start"/> (the fields <paramref name="fields"/> sets), then applied by the form's rules.</summary>
    private static async Task<ProblemHttpResult?> ApplyAsync(RecipeRequest request, ApiFields fields, RecipeInput start, Recipe recipe, RecipeForm form, CancellationToken cancellationToken)
    {
        var errors = new List<(string, string)>();
        var input = start;
        if (fields.Replaces("title")) input.Title = request.Title ?? "";
        if (fields.Sets("summary", request.Summary)) input.Summary = request.Summary;
        if (fields.Sets("ingredients", request.Ingredients)) input.Ingredients = string.Join('\n', (request.Ingredients ?? []).Select(l => l.ReplaceLineEndings(" ")));
        if (fields.Sets("steps", request.Steps)) input.Steps = request.Steps;
        if (fields.Sets("prepMinutes", request.PrepMinutes)) input.PrepMinutes = request.PrepMinutes;
        if (fields.Sets("cookMinutes", request.CookMinutes)) input.CookMinutes = request.CookMinutes;
        if (fields.Sets("totalMinutes", request.TotalMinutes)) input.TotalMinutes = request.TotalMinutes;
        if (fields.Sets("servings", request.Servings)) input.Servings = request.Servings ?? 4;
        if (fields.Sets("cuisine", request.Cuisine)) input.Cuisine = request.Cuisine;
        if (fields.Sets("sourceUrl", request.SourceUrl)) input.SourceUrl = request.SourceUrl;
        if (fields.Sets("diets", request.Diets))
        {
            input.Diets = [];
            foreach (var name in request.Diets ?? [])
            {
                var diet = RecipeFilter.AllDiets.FirstOrDefault(d => RecipeFilter.DietName(d).Equals(name, StringComparison.OrdinalIgnoreCase));
                if (diet == Diets.None) errors.Add(("diets", $"'{name}' is not a diet: use {string.Join(", ", RecipeFilter.AllDiets.Select(RecipeFilter.DietName))}."));
                else input.Diets.Add(diet);
            }
        }

        if (fields.Sets("visibility", request.Visibility))
        {
            if (Enum.TryParse<RecipeVisibility>(request.Visibility, ignoreCase: true, out var visibility) && !char.IsDigit(request.Visibility![0])) input.Visibility = visibility;
            else errors.Add(("visibility", "Choose private, members or public."));
        }

        if (errors.Count > 0) return ApiResults.Invalid(errors);
        var applied = await form.ApplyAsync(recipe, input, cancellationToken);
        return applied.Count > 0 ? ApiResults.Invalid(applied.Select(e => (ApiResults.JsonName(e.Field == nameof(RecipeInput.Ingredients) ? "ingredients" : e.Field), e.Message))) : null;
    }

    /// <summary>The recipe <paramref name="id"/> when this caller may read it, with its ingredients, photos and author.</summary>
    internal static async Task<Recipe?> LoadReadableAsync(int id, RecipeAccess access, CairnDbContext db, bool tracked, CancellationToken cancellationToken)
    {
        var query = db.Set<Recipe>().Include(r => r.Ingredients).Include(r => r.Photos).Include(r => r.Author).AsSplitQuery();
        if (!tracked) query = query.AsNoTracking();
        var recipe = await query.FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        return recipe is not null && await access.CanReadAsync(recipe.Visibility, recipe.AuthorId, cancellationToken) ? recipe : null;
    }

    // The rating is part of the answer and changes without the recipe: it is part of the tag.
    private static string ETag(Recipe recipe) => ApiResults.ETagFor($"recipe-{recipe.RatingCount}-{recipe.RatingSum}", recipe.Id, recipe.UpdatedAt);

    private static IReadOnlyList<string> DietNames(Diets diets) => [.. RecipeFilter.AllDiets.Where(d => diets.HasFlag(d)).Select(RecipeFilter.DietName)];

    internal static RecipeSummary Summary(RecipeCard c) => new(
        c.Id, c.Slug, c.Title, c.Summary, new RecipeAuthor(c.AuthorUserName, c.AuthorName), c.TotalMinutes, c.Servings, c.Cuisine, DietNames(c.Diets),
        c.Visibility.ToString().ToLowerInvariant(), c.RatingAverage, c.RatingCount, c.CoverUrl(PhotoSize.Medium), c.CreatedAt.AsUtc());

    private static async Task<RecipeDetail> DetailAsync(Recipe r, RecipeAccess access, CairnDbContext db, CancellationToken cancellationToken)
    {
        var me = access.UserId;
        var mine = me is null ? null : await db.Set<RecipeRating>().Where(x => x.RecipeId == r.Id && x.UserId == me).Select(x => (int?)x.Stars).FirstOrDefaultAsync(cancellationToken);
        return new(
            r.Id, r.Slug, r.Title, r.Summary, new RecipeAuthor(r.Author!.UserName!, r.Author.DisplayName),
            [.. r.Ingredients.OrderBy(i => i.Position).Select(i => new IngredientDetail(i.Section, i.Line, i.Quantity, i.QuantityMax, i.Unit, i.Food, i.Note))],
            r.Steps, r.StepsHtml, r.PrepMinutes, r.CookMinutes, r.TotalMinutes, r.Servings, r.Cuisine, DietNames(r.Diets), r.SourceUrl,
            r.Visibility.ToString().ToLowerInvariant(), new RecipeRatingSummary(r.RatingAverage, r.RatingCount, mine),
            [.. r.Photos.OrderBy(p => p.Position).Select(p => new PhotoDetail(p.Id, p.IsCover, p.Width, p.Height,
                RecipePhotoStore.UrlFor(p.Token, PhotoSize.Small, p.Extension), RecipePhotoStore.UrlFor(p.Token, PhotoSize.Medium, p.Extension), RecipePhotoStore.UrlFor(p.Token, PhotoSize.Large, p.Extension)))],
            r.CreatedAt.AsUtc(), r.UpdatedAt.AsUtc());
    }
}
