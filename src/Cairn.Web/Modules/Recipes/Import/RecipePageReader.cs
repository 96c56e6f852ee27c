using AngleSharp.Html.Parser;

namespace Cairn.Web.Modules.Recipes.Import;

/// <summary>
/// Reads a recipe out of a web page's HTML: from its JSON-LD first, then its microdata, then its headings and
/// lists. Pure and static: it fetches nothing, runs no script (AngleSharp's parser never does) and takes time in
/// proportion to the page. Fetch pages with <see cref="RecipePageFetcher"/>, which limits their size.
/// </summary>
public static class RecipePageReader
{
    /// <summary>
    /// Elements nest at most this deep in the parsed page (deeper ones become siblings, as in browsers): a second
    /// guard behind <see cref="HtmlNesting"/>, for elements it does not count.
    /// </summary>
    private const int MaxDepth = 512;

    /// <summary>
    /// The recipe on the page, or null when there is none. <paramref name="pageAddress"/> is where the page came
    /// from (its relative image addresses are resolved against it); without it, only absolute addresses are kept.
    /// </summary>
    public static ImportedRecipe? Read(string html, Uri? pageAddress)
    {
        ArgumentNullException.ThrowIfNull(html);
        var parser = new HtmlParser(new HtmlParserOptions { IsScripting = false, MaximumDepth = MaxDepth, SkipComments = true });
        using var document = parser.ParseDocument(HtmlNesting.Flatten(html));
        var page = new PageIndex(document);

        var (draft, method) = JsonLdRecipeReader.Read(page) is { } fromJson ? (fromJson, "json-ld")
            : MicrodataRecipeReader.Read(page) is { } fromMicrodata ? (fromMicrodata, "microdata")
            : (PageRecipeReader.Read(page), "page");
        return draft is null ? null : Finish(draft, method, page, pageAddress);
    }

    private static ImportedRecipe Finish(RecipeDraft draft, string method, PageIndex page, Uri? pageAddress)
    {
        var title = draft.Title.Length > 0 ? draft.Title : page.Title();
        var summary = draft.Summary.Length > 0 ? draft.Summary
            : ImportText.Line(page.Meta("og:description") ?? page.Meta("description"), ImportText.MaxSummary, html: false);

        // The address the page was fetched from is the source; without one, the page's own claim, if absolute.
        var fetchedFrom = pageAddress is not null && pageAddress.IsAbsoluteUri ? pageAddress : null;
        var source = fetchedFrom is not null && fetchedFrom.Scheme is "http" or "https" && fetchedFrom.AbsoluteUri.Length <= Recipe.MaxSourceLength
            ? fetchedFrom.AbsoluteUri
            : ImportText.WebAddress(page.Canonical, null) ?? ImportText.WebAddress(draft.Url, null);

        if (draft.Images.Count == 0) draft.AddImage(page.Meta("og:image"));
        var images = draft.Images
            .Select(address => ImportText.WebAddress(address, fetchedFrom))
            .OfType<string>()
            .Distinct(StringComparer.Ordinal)
            .Take(ImportText.MaxImages)
            .ToList();

        return new ImportedRecipe(
            title,
            summary,
            draft.Ingredients,
            draft.Steps.ToMarkdown(),
            draft.PrepMinutes,
            draft.CookMinutes,
            draft.TotalMinutes,
            draft.Servings,
            draft.Cuisine,
            source,
            images,
            method);
    }
}
