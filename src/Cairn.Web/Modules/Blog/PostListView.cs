using System.Net;
using System.Text.RegularExpressions;

namespace Cairn.Web.Modules.Blog;

/// <summary>What the shared post list partial needs: the page, how to link to other pages, words to highlight.</summary>
public sealed class PostListView(PostPage page, string basePath, string emptyText, IReadOnlyList<string>? highlight = null)
{
    public PostPage Page => page;
    public string EmptyText => emptyText;

    public string PageUrl(int number) =>
        basePath + (basePath.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "page=" + Math.Max(1, number);

    /// <summary>HTML-encodes <paramref name="text"/>, wrapping the searched words (matched in the raw text) in &lt;mark&gt;.</summary>
    public string Highlight(string text)
    {
        if (highlight is not { Count: > 0 }) return WebUtility.HtmlEncode(text);
        var pattern = new Regex(string.Join('|', highlight.Select(Regex.Escape)), RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        var html = new System.Text.StringBuilder();
        var at = 0;
        foreach (Match match in pattern.Matches(text))
        {
            html.Append(WebUtility.HtmlEncode(text[at..match.Index]));
            html.Append("<mark>").Append(WebUtility.HtmlEncode(match.Value)).Append("</mark>");
            at = match.Index + match.Length;
        }

        return html.Append(WebUtility.HtmlEncode(text[at..])).ToString();
    }
}
