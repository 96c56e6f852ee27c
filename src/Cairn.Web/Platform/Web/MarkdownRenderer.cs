using Ganss.Xss;
using Markdig;

namespace Cairn.Web.Platform.Web;

/// <summary>
/// Markdown to safe HTML: Markdig renders (raw HTML allowed), HtmlSanitizer removes scripts, event handlers,
/// styles and every URL scheme but http, https and mailto; links get <c>rel="nofollow noopener"</c>.
/// </summary>
public sealed class MarkdownRenderer
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UseAdvancedExtensions()
        .Build();

    private readonly HtmlSanitizer _sanitizer;

    public MarkdownRenderer()
    {
        _sanitizer = new HtmlSanitizer();
        _sanitizer.AllowedAttributes.Remove("style");
        _sanitizer.AllowedTags.Remove("form");
        _sanitizer.AllowedSchemes.Clear();
        foreach (var scheme in new[] { "http", "https", "mailto" }) _sanitizer.AllowedSchemes.Add(scheme);
        _sanitizer.AllowedAttributes.Add("class");
        _sanitizer.PostProcessNode += (_, e) =>
        {
            if (e.Node is not AngleSharp.Dom.IElement element) return;
            if (element.LocalName == "a") element.SetAttribute("rel", "nofollow noopener");
            // Only Markdig's code-language classes survive: the site's own (Bootstrap) classes could
            // otherwise lay a post over the page.
            if (element.GetAttribute("class") is { } classes)
            {
                var kept = string.Join(' ', classes.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(c => c.StartsWith("language-", StringComparison.Ordinal)));
                if (kept.Length == 0) element.RemoveAttribute("class");
                else element.SetAttribute("class", kept);
            }
        };
    }

    public string ToSafeHtml(string markdown) => Sanitize(Markdown.ToHtml(markdown, Pipeline));

    public string Sanitize(string html) => _sanitizer.Sanitize(html);
}
