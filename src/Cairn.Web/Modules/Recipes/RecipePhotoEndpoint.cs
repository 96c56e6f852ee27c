using System.Text.RegularExpressions;

namespace Cairn.Web.Modules.Recipes;

/// <summary>
/// <c>GET /recipes/photos/{token}-{size}.{jpg|png}</c>: a recipe photo, to those who may read its recipe. Anyone
/// else, and any name that is not a photo of this workspace, gets the same 404. Names never change (a new photo
/// gets a new name), so a member's browser keeps it for a year (private). A public recipe's photos may sit in
/// shared caches too, but for a day only: a recipe made private again is gone from them by the next day.
/// </summary>
public static partial class RecipePhotoEndpoint
{
    [GeneratedRegex("^([a-z2-7]{26})-([sml])(\\.jpg|\\.png)$")]
    private static partial Regex FileName();

    public static IEndpointRouteBuilder MapRecipePhotos(this IEndpointRouteBuilder endpoints)
    {
        // Pages send the cookie, programs their API token: either one admits a member's photos.
        endpoints.MapGet("/recipes/photos/{file}", ServeAsync).WithName("Recipes.Photo").ExcludeFromDescription()
            .RequireAuthorization(Platform.Api.CairnApi.Anyone);
        return endpoints;
    }

    private static async Task<IResult> ServeAsync(string file, CairnDbContext db, RecipeAccess access, RecipePhotoStore store, HttpContext http, CancellationToken cancellationToken)
    {
        if (FileName().Match(file) is not { Success: true } name || db.CurrentTenantId is not { } tenantId) return Results.NotFound();
        var token = name.Groups[1].Value;
        var extension = name.Groups[3].Value;
        var photo = await db.Set<RecipePhoto>().AsNoTracking().Where(p => p.Token == token)
            .Select(p => new { p.Extension, p.Recipe!.Visibility, p.Recipe.AuthorId })
            .FirstOrDefaultAsync(cancellationToken);
        if (photo is null || photo.Extension != extension || !await access.CanReadAsync(photo.Visibility, photo.AuthorId, cancellationToken)) return Results.NotFound();

        var size = PhotoSize.All.First(s => s.Code == name.Groups[2].Value);
        var path = store.PathFor(tenantId, token, size, extension);
        if (!File.Exists(path)) return Results.NotFound();
        http.Response.Headers.CacheControl = photo.Visibility == RecipeVisibility.Public
            ? "public, max-age=86400"
            : "private, max-age=31536000, immutable";
        return Results.File(path, extension == ".png" ? "image/png" : "image/jpeg", lastModified: File.GetLastWriteTimeUtc(path));
    }
}
