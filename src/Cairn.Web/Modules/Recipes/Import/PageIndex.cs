using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;

namespace Cairn.Web.Modules.Recipes.Import;

/// <summary>
/// A parsed page's elements in document order, each with its depth, walked once without recursion (a page of ten
/// thousand nested divs cannot overflow the stack), and the page-wide facts every reader may fall back on: its
/// og: and meta values, canonical link and first h1.
/// </summary>
internal sealed class PageIndex
{
    // Text taken from one element stops here, and after this many nodes: enough for any real recipe, and a
    // pathological page (headings nested in headings) stays linear.
    private const int MaxNodesPerText = 50_000;

    private static readonly HashSet<string> Skipped = new(StringComparer.Ordinal) { "script", "style", "template", "noscript", "svg", "head" };

    private static readonly HashSet<string> Blocks = new(StringComparer.Ordinal)
    {
        "address", "article", "aside", "blockquote", "dd", "div", "dl", "dt", "figcaption", "figure", "footer", "h1", "h2", "h3", "h4",
        "h5", "h6", "header", "li", "main", "nav", "ol", "p", "pre", "section", "table", "td", "th", "tr", "ul",
    };

    private readonly List<IElement> _elements = [];
    private readonly List<int> _depths = [];

    public PageIndex(IHtmlDocument document)
    {
        if (document.DocumentElement is not { } root) return;
        var stack = new Stack<(IElement Element, int Depth)>();
        stack.Push((root, 0));
        while (stack.Count > 0)
        {
            var (element, depth) = stack.Pop();
            _elements.Add(element);
            _depths.Add(depth);
            var children = element.ChildNodes;
            for (var i = children.Length - 1; i >= 0; i--)
            {
                if (children[i] is IElement child) stack.Push((child, depth + 1));
            }
        }
    }

    public int Count => _elements.Count;

    public IElement this[int index] => _elements[index];

    /// <summary>The index just past <paramref name="index"/>'s element and everything inside it.</summary>
    public int After(int index)
    {
        var depth = _depths[index];
        var next = index + 1;
        while (next < _elements.Count && _depths[next] > depth) next++;
        return next;
    }

    public IEnumerable<IElement> Named(string localName) => _elements.Where(e => e.LocalName == localName);

    /// <summary>The <c>content</c> of the first <c>&lt;meta property|name="…"&gt;</c>, or null.</summary>
    public string? Meta(string key) => Named("meta")
        .FirstOrDefault(m => string.Equals(m.GetAttribute("property") ?? m.GetAttribute("name"), key, StringComparison.OrdinalIgnoreCase))
        ?.GetAttribute("content");

    /// <summary>The href of <c>&lt;link rel="canonical"&gt;</c>, or null.</summary>
    public string? Canonical => Named("link")
        .FirstOrDefault(l => (l.GetAttribute("rel") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains("canonical", StringComparer.OrdinalIgnoreCase))
        ?.GetAttribute("href");

    /// <summary>The page's own idea of its title: og:title, the first h1, or the title element.</summary>
    public string Title()
    {
        var og = ImportText.Line(Meta("og:title"), ImportText.MaxTitle, html: false);
        if (og.Length > 0) return og;
        if (Named("h1").FirstOrDefault() is { } h1 && TextOf(h1, ImportText.MaxTitle * 4) is { Length: > 0 } heading) return ImportText.Cut(heading, ImportText.MaxTitle);
        return Named("title").FirstOrDefault() is { } title ? ImportText.Line(title.TextContent, ImportText.MaxTitle, html: false) : "";
    }

    /// <summary>The element's text as one collapsed line, reading at most about <paramref name="max"/> characters.</summary>
    public static string TextOf(IElement element, int max) => ImportText.Collapse(RawText(element, max * 4 + 1_000, lines: false));

    /// <summary>The element's text as lines: block elements (p, li, div, br…) break lines, as a browser shows them.</summary>
    public static IEnumerable<string> LinesOf(IElement element, int max) =>
        RawText(element, max * 4 + 1_000, lines: true).Split('\n').Select(ImportText.Collapse).Where(l => l.Length > 0);

    private static string RawText(IElement element, int maxChars, bool lines)
    {
        var text = new StringBuilder();
        var stack = new Stack<(INode Node, bool Closing)>();
        stack.Push((element, false));
        var visited = 0;
        while (stack.Count > 0 && text.Length < maxChars && visited++ < MaxNodesPerText)
        {
            var (node, closing) = stack.Pop();
            if (closing)
            {
                text.Append(lines ? '\n' : ' ');
                continue;
            }

            if (node is ICharacterData { NodeType: NodeType.Text } characters)
            {
                text.Append(characters.Data);
                continue;
            }

            if (node is not IElement current || (Skipped.Contains(current.LocalName) && current != element)) continue;
            if (current.LocalName == "br") text.Append(lines ? '\n' : ' ');
            if (Blocks.Contains(current.LocalName))
            {
                text.Append(lines ? '\n' : ' ');
                stack.Push((current, true));
            }

            var children = current.ChildNodes;
            for (var i = children.Length - 1; i >= 0; i--) stack.Push((children[i], false));
        }

        return text.Length > maxChars ? text.ToString(0, maxChars) : text.ToString();
    }
}
