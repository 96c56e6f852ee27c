using System.Text;

namespace Cairn.Web.Modules.Recipes.Import;

/// <summary>
/// Flattens absurd nesting before the HTML parser sees it. An HTML parser checks the stack of open elements at
/// every block start tag, so ten thousand nested divs cost it a hundred million steps, and a 5 MB page of them
/// hours. One linear pass over the tags counts how deep elements nest and drops start and end tags past
/// <see cref="MaxDepth"/>: their text stays, in their deepest ancestor. Elements whose end the parser implies (p,
/// li, td, option…), void elements, raw text (script, style…) and self-closed tags inside svg or math do not count.
/// </summary>
internal static class HtmlNesting
{
    /// <summary>Counted nesting kept; real pages stay far below it.</summary>
    public const int MaxDepth = 128;

    private static readonly HashSet<string> Uncounted = new(StringComparer.OrdinalIgnoreCase)
    {
        // Void elements: never open.
        "area", "base", "basefont", "bgsound", "br", "col", "embed", "frame", "hr", "image", "img", "input", "keygen", "link", "meta",
        "param", "source", "track", "wbr",
        // Elements the parser closes by itself, whose end tags pages often leave out; and the document's own.
        "p", "li", "dd", "dt", "option", "optgroup", "rb", "rp", "rt", "rtc", "tr", "td", "th", "tbody", "thead", "tfoot", "colgroup",
        "caption", "html", "head", "body",
    };

    private static readonly HashSet<string> RawText = new(StringComparer.OrdinalIgnoreCase)
    {
        "script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes",
    };

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> UncountedNames = Uncounted.GetAlternateLookup<ReadOnlySpan<char>>();
    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> RawTextNames = RawText.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary><paramref name="html"/> with the tags that nest deeper than <see cref="MaxDepth"/> removed (the same string when none do).</summary>
    public static string Flatten(string html)
    {
        if (html.AsSpan().Count('<') <= MaxDepth) return html;
        StringBuilder? kept = null;
        var copied = 0;
        var depth = 0;
        var foreignAt = -1;   // the depth at which an svg or math element opened, while inside one
        var i = 0;
        while (i < html.Length - 1)
        {
            var start = html.IndexOf('<', i);
            if (start < 0 || start + 1 >= html.Length) break;
            var next = html[start + 1];
            if (next is '!' or '?')
            {
                // Comments, doctypes and processing instructions.
                var close = html.AsSpan(start).StartsWith("<!--") ? html.IndexOf("-->", start + 4, StringComparison.Ordinal) : html.IndexOf('>', start + 2);
                if (close < 0) break;
                i = close + 1;
                continue;
            }

            var closing = next == '/';
            var nameStart = closing ? start + 2 : start + 1;
            if (nameStart >= html.Length || !char.IsAsciiLetter(html[nameStart]))
            {
                i = start + 1;
                continue;
            }

            var nameEnd = nameStart;
            while (nameEnd < html.Length && html[nameEnd] is not ('>' or '/' or ' ' or '\t' or '\n' or '\r' or '\f')) nameEnd++;
            var end = TagEnd(html, nameEnd);
            if (end < 0) break;
            var name = html.AsSpan(nameStart, nameEnd - nameStart);
            i = end + 1;

            if (!closing && RawTextNames.Contains(name))
            {
                // Nothing inside is markup: go on after its end tag.
                var close = html.AsSpan(i).IndexOf(string.Concat("</", name), StringComparison.OrdinalIgnoreCase);
                if (close < 0) break;
                i += close;
                continue;
            }

            if (UncountedNames.Contains(name) || RawTextNames.Contains(name)) continue;
            var selfClosed = !closing && html[end - 1] == '/' && foreignAt >= 0;
            if (selfClosed) continue;

            bool drop;
            if (closing)
            {
                drop = depth > MaxDepth;
                depth = Math.Max(0, depth - 1);
                if (depth <= foreignAt) foreignAt = -1;
            }
            else
            {
                depth++;
                drop = depth > MaxDepth;
                if (foreignAt < 0 && (name.Equals("svg", StringComparison.OrdinalIgnoreCase) || name.Equals("math", StringComparison.OrdinalIgnoreCase)))
                    foreignAt = depth - 1;
            }

            if (!drop) continue;
            kept ??= new StringBuilder(html.Length);
            kept.Append(html, copied, start - copied);
            copied = end + 1;
        }

        if (kept is null) return html;
        kept.Append(html, copied, html.Length - copied);
        return kept.ToString();
    }

    // The '>' that ends the tag whose attributes start at 'from', skipping quoted attribute values; -1 if none does.
    private static int TagEnd(string html, int from)
    {
        var i = from;
        while (i < html.Length)
        {
            var c = html[i];
            if (c == '>') return i;
            if (c == '=')
            {
                i++;
                while (i < html.Length && html[i] is ' ' or '\t' or '\n' or '\r' or '\f') i++;
                if (i < html.Length && html[i] is '"' or '\'')
                {
                    var close = html.IndexOf(html[i], i + 1);
                    if (close < 0) return -1;
                    i = close + 1;
                    continue;
                }

                continue;
            }

            i++;
        }

        return -1;
    }
}
