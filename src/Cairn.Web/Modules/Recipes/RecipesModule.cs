using Cairn.Web.Modules.Recipes.Import;
using Cairn.Web.Platform;
using Microsoft.AspNetCore.Mvc.ApplicationModels;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Cairn.Web.Modules.Recipes;

/// <summary>
/// The Recipes module (roadmap weeks 6, 7, 8 and 12): recipes with photos under /recipes, ingredients that scale
/// and convert, ratings, comments, favourites and collections.
/// </summary>
public static class RecipesModule
{
    public const string Name = "recipes";

    public static IHostApplicationBuilder AddRecipes(this IHostApplicationBuilder builder)
    {
        builder.AddCairnModule(Name, module => module
            .Navigation("Recipes", "/recipes", order: 30)
            .ApiTag("Recipes", "Recipes with the /recipes pages' filters and permissions, their photos, ratings and favourites, and your collections and shopping list.")
            .EmailLink("Recipes", "/recipes")
            .Owns("/recipes", "/api/v1/recipes")
            .Sitemap<RecipeSitemap>()
            // What each saved row makes stale in the caches (RecipeCache); a user's name shows on every workspace's recipes.
            .CacheEvictedBy<Recipe>(recipe => RecipeCache.RecipeParts(recipe.Id))
            .CacheEvictedBy<RecipeIngredient>(line => [RecipeCache.RecipePart(line.RecipeId), RecipeCache.List])
            .CacheEvictedBy<RecipePhoto>(photo => [RecipeCache.RecipePart(photo.RecipeId), RecipeCache.List])
            .CacheEvictedBy<RecipeRating>(rating => [RecipeCache.RecipePart(rating.RecipeId), RecipeCache.List])
            .CacheEvictedBy<RecipeComment>(comment => [RecipeCache.RecipePart(comment.RecipeId)])
            .CacheEvictedBy(typeof(CairnUser))
            .Demo<RecipesDemoContent>());
        builder.AddModuleOptions<RecipeOptions>("Recipes");
        builder.Services.AddScoped<RecipeAccess>();
        builder.Services.AddScoped<RecipeQueries>();
        builder.Services.AddScoped<RecipeCache>();
        builder.Services.AddScoped<RecipeForm>();
        builder.Services.AddSingleton<RecipePhotoStore>();
        builder.Services.AddScoped<RecipePhotoSaver>();
        builder.Services.AddScoped<ShoppingLists>();
        builder.Services.AddScoped<RecipeCollections>();
        builder.Services.AddSingleton<Platform.Commands.IManagementCommand, RecipeSeedCommand>();
        builder.Services.AddScoped<IOutboxRule<RecipePublished>, RecipePublishedRule>();
        builder.Services.AddJob<NotifyFollowers, NotifyFollowersJob>();
        builder.Services.AddJob<SendNewRecipeEmail, NewRecipeEmailJob>();
        builder.Services.AddJob<SendRecipeActivityEmail, RecipeActivityEmailJob>();
        builder.Services.AddRecurringJob<RecipeDigest>(RecipeDigest.Id, "0 7 * * *");
        builder.Services.AddScoped<RecipeDigestSweep>();
        builder.Services.AddRecipePageFetcher();
        // The print view is the recipe page's second address.
        // Inbound only: links to the page (its forms' actions) stay on /recipes/{slug}.
        builder.Services.Configure<RazorPagesOptions>(options =>
        {
            // Visitors who are not signed in get the public list and recipe pages from the output cache.
            static int Seconds(IServiceProvider services) => services.GetRequiredService<IOptions<RecipeOptions>>().Value.AnonymousPageSeconds;
            options.Conventions.AddPageApplicationModelConvention("/Recipes/Index", page => page.CacheAnonymousPage(Name, Seconds));
            options.Conventions.AddPageApplicationModelConvention("/Recipes/Show", page => page.CacheAnonymousPage(Name, Seconds));
            options.Conventions.AddPageRouteModelConvention("/Recipes/Show", page =>
                page.Selectors.Add(new SelectorModel { AttributeRouteModel = new AttributeRouteModel { Template = "recipes/{slug}/print", SuppressLinkGeneration = true } }));
            options.Conventions.AddPageRouteModelConvention("/Recipes/People", page =>
                page.Selectors.Add(new SelectorModel { AttributeRouteModel = new AttributeRouteModel { Template = "recipes/following", SuppressLinkGeneration = true } }));
            // The favourites are the collections page's fixed list.
            options.Conventions.AddPageRouteModelConvention("/Recipes/Collections", page =>
                page.Selectors.Add(new SelectorModel { AttributeRouteModel = new AttributeRouteModel { Template = "recipes/favourites", SuppressLinkGeneration = true } }));
        });
        return builder;
    }

    public static IEndpointRouteBuilder MapRecipes(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapRecipePhotos();
        endpoints.MapRecipesApi();
        endpoints.MapRecipeFeeds();
        return endpoints;
    }
}
