using System.ComponentModel.DataAnnotations;
using Cairn.Web.Modules.Recipes.Import;

namespace Cairn.Web.Modules.Recipes;

/// <summary>The <c>Cairn:Recipes</c> configuration section.</summary>
public sealed class RecipeOptions
{
    /// <summary>The largest photo accepted, in bytes (as uploaded, before it is re-encoded).</summary>
    [Range(10_000, RecipePhotoStore.MaxRequestBytes)]
    public long MaxPhotoBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>Photos with more pixels than this are refused from their header, before they are decoded.</summary>
    [Range(1_000_000, 100_000_000)]
    public long MaxPhotoPixels { get; set; } = 40_000_000;

    /// <summary>Photos one recipe may have.</summary>
    [Range(1, 50)]
    public int MaxPhotosPerRecipe { get; set; } = 12;

    /// <summary>Recipes on one page of a list.</summary>
    [Range(6, 100)]
    public int PageSize { get; set; } = 24;

    /// <summary>
    /// How long the data cache keeps a recipe page's values (lists: at most 5 minutes; in each process's memory: at
    /// most 2 minutes, lists 30 s). Saves make them stale at once; 0 turns the cache off.
    /// </summary>
    [Range(0, 86_400)]
    public int CacheSeconds { get; set; } = 600;

    /// <summary>How long the pages that visitors who are not signed in see are kept in the output cache; 0 turns it off.</summary>
    [Range(0, 3_600)]
    public int AnonymousPageSeconds { get; set; } = 60;

    /// <summary>How recipe pages are fetched for import (<c>Cairn:Recipes:Import</c>).</summary>
    public RecipeImportOptions Import { get; set; } = new();
}
