using Ganss.Xss;
using Markdig;

namespace Cairn.Web.Modules.Blog;

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
        _sanitizer.AllowedAttributes.Add("class"); // code highlighting classes from Markdig
        _sanitizer.PostProcessNode += (_, e) =>
        {
            if (e.Node is AngleSharp.Dom.IElement { LocalName: "a" } link) link.SetAttribute("rel", "nofollow noopener");
        };
    }

    public string ToSafeHtml(string markdown) => Sanitize(Markdown.ToHtml(markdown, Pipeline));

    public string Sanitize(string html) => _sanitizer.Sanitize(html);
}
