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

    /// <summary>HTML-encodes <paramref name="text"/> and wraps the searched words in &lt;mark&gt;.</summary>
    public string Highlight(string text)
    {
        var encoded = WebUtility.HtmlEncode(text);
        if (highlight is not { Count: > 0 }) return encoded;
        var pattern = string.Join('|', highlight.Select(w => Regex.Escape(WebUtility.HtmlEncode(w))));
        return Regex.Replace(encoded, pattern, m => $"<mark>{m.Value}</mark>", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    }
}
