using System.Diagnostics;
using Ganss.Xss;
using Markdig;
using Markdig.Helpers;
using Markdig.Parsers;

namespace Cairn.Web.Platform.Web;

/// <summary>The <c>Cairn:Markdown</c> section: the limits every Markdown text of every module is rendered under.</summary>
public sealed class MarkdownOptions
{
    public const string Section = "Cairn:Markdown";

    /// <summary>The longest text, in characters.</summary>
    public int MaxLength { get; set; } = 100_000;

    /// <summary>
    /// Markup characters (<c>[ * _ ~ ` &lt;</c>) in one paragraph, table or other block between blank lines. Markdig's
    /// inline parsing grows with the square of the unmatched openers in one block; this keeps it linear in the text.
    /// </summary>
    public int MaxMarkupPerBlock { get; set; } = 1_000;

    /// <summary>Raw HTML tags in the whole text: the sanitizer's parse grows faster than linearly with unclosed ones.</summary>
    public int MaxHtmlTags { get; set; } = 2_000;

    /// <summary>Quote markers (<c>&gt;</c>) at the start of one line; Markdig itself gives up somewhere past a thousand.</summary>
    public int MaxNesting { get; set; } = 32;

    /// <summary>CPU time one render may take before it is given up (the text is then refused, not stored).</summary>
    public TimeSpan TimeBudget { get; set; } = TimeSpan.FromMilliseconds(500);
}

/// <summary>What <see cref="MarkdownRenderer.Render"/> gives: safe HTML, or why the text was refused.</summary>
public readonly record struct MarkdownResult(string Html, string? Problem)
{
    public bool Refused => Problem is not null;
}

/// <summary>A Markdown text refused by <see cref="MarkdownRenderer"/>; the message says why, in words for its author.</summary>
public sealed class MarkdownRefusedException(string message) : Exception(message);

/// <summary>
/// Markdown to safe HTML, the one renderer for every module. Markdig renders (raw HTML allowed), HtmlSanitizer
/// removes scripts, event handlers, styles and every URL scheme but http, https and mailto; links get
/// <c>rel="nofollow noopener"</c>. Every text is rendered under <see cref="MarkdownOptions"/>: a length limit, a
/// linear check of its shape (markup per block, raw HTML tags), a time budget checked while Markdig parses, and the
/// caller's cancellation. A text that breaks them is refused with a message instead of holding a core.
/// </summary>
public sealed class MarkdownRenderer
{
    // A chosen set rather than UseAdvancedExtensions: each extension is parser work on every text, and some
    // (abbreviations, generic attributes, media links, math) add cost or surface for nothing the pages show.
    private static readonly MarkdownPipeline Pipeline = BuildPipeline();

    private const string MarkupCharacters = "[*_~`<";

    private readonly HtmlSanitizer _sanitizer;
    private readonly MarkdownOptions _options;

    public MarkdownRenderer() : this(Options.Create(new MarkdownOptions())) { }

    public MarkdownRenderer(IOptions<MarkdownOptions> options)
    {
        _options = options.Value;
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

    public int MaxLength => _options.MaxLength;

    /// <summary>Renders <paramref name="markdown"/>, or says why it will not: too long, of a shape too costly, too deep, or over the time budget.</summary>
    public MarkdownResult Render(string markdown, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(markdown)) return new MarkdownResult("", null);
        if (CheckShape(markdown) is { } problem) return new MarkdownResult("", problem);
        if (IsPlainText(markdown)) return new MarkdownResult($"<p>{markdown}</p>\n", null);
        return RenderMarkdown(markdown, cancellationToken);
    }

    /// <summary>
    /// True for one line of words that Markdown renders as one paragraph of the same text, with nothing to escape or
    /// sanitize: letters, digits, single spaces between them and a few punctuation marks (<c>, ; ! ? '</c>), that
    /// starts and ends with a letter or digit. Chat is mostly such lines; they skip the parser and the sanitizer and
    /// come out exactly as those would make them (a test renders both ways).
    /// </summary>
    public static bool IsPlainText(string text)
    {
        if (text.Length is 0 or > 2_000 || !char.IsLetterOrDigit(text[0]) || !char.IsLetterOrDigit(text[^1])) return false;
        foreach (var c in text)
            if (!char.IsLetterOrDigit(c) && c is not (' ' or ',' or ';' or '!' or '?' or '\'')) return false;
        return true;
    }

    /// <summary>Renders through Markdig and the sanitizer, plain text or not (what <see cref="Render"/> does for anything but plain text).</summary>
    internal MarkdownResult RenderMarkdown(string markdown, CancellationToken cancellationToken = default)
    {
        var budget = new RenderBudget(_options.TimeBudget, cancellationToken);
        var context = new MarkdownParserContext();
        context.Properties[typeof(RenderBudget)] = budget;
        string html;
        try
        {
            html = Markdown.ToHtml(markdown, Pipeline, context);
            budget.Check();
        }
        catch (RenderBudget.ExceededException)
        {
            return new MarkdownResult("", TooCostly);
        }
        catch (ArgumentException)
        {
            // Markdig's own guard: quotes, lists or brackets nested thousands deep.
            return new MarkdownResult("", TooDeep);
        }

        return new MarkdownResult(_sanitizer.Sanitize(html), null);
    }

    /// <summary>Renders, or throws <see cref="MarkdownRefusedException"/>; for callers that validated with <see cref="Render"/>'s rules already.</summary>
    public string ToSafeHtml(string markdown, CancellationToken cancellationToken = default)
    {
        var result = Render(markdown, cancellationToken);
        return result.Problem is { } problem ? throw new MarkdownRefusedException(problem) : result.Html;
    }

    public string Sanitize(string html) => _sanitizer.Sanitize(html);

    private const string TooDeep = "The text nests quotes, lists or brackets too deeply to format. Nest fewer levels.";

    private const string TooCostly = "The text is too complex to format in time. Split long paragraphs or tables with blank lines, or use less markup.";

    /// <summary>One linear pass: the length, markup characters per block (outside fenced code), and raw HTML tags.</summary>
    private string? CheckShape(string markdown)
    {
        if (markdown.Length > _options.MaxLength)
            return $"The text may be at most {_options.MaxLength:N0} characters long (it has {markdown.Length:N0}).";

        var markupInBlock = 0;
        var htmlTags = 0;
        var inFence = false;
        var fence = "";
        foreach (var range in markdown.AsSpan().Split('\n'))
        {
            var line = markdown.AsSpan(range);
            var trimmed = line.TrimStart(' ');
            // A fence opens or closes a code block, whose text Markdig does not parse for markup. (A backtick
            // fence's info string holds no backtick; such a line is a paragraph's.)
            if (line.Length - trimmed.Length < 4 && (trimmed.StartsWith("~~~") || (trimmed.StartsWith("```") && !trimmed.TrimStart('`').Contains('`'))))
            {
                var marker = trimmed[..3].ToString();
                if (!inFence) { inFence = true; fence = marker; continue; }
                if (marker == fence) { inFence = false; continue; }
            }
            if (inFence) continue;
            if (line.IsWhiteSpace()) { markupInBlock = 0; continue; }
            if (QuoteDepth(line) > _options.MaxNesting) return TooDeep;

            for (var i = 0; i < line.Length; i++)
            {
                var c = line[i];
                if (MarkupCharacters.Contains(c, StringComparison.Ordinal)) markupInBlock++;
                if (c == '<' && i + 1 < line.Length && (char.IsAsciiLetter(line[i + 1]) || line[i + 1] == '/')) htmlTags++;
            }
            if (markupInBlock > _options.MaxMarkupPerBlock)
                return $"A paragraph, table or list uses more than {_options.MaxMarkupPerBlock:N0} markup characters ([ * _ ~ ` <). Split it with blank lines, or use less markup.";
            if (htmlTags > _options.MaxHtmlTags)
                return $"The text holds more than {_options.MaxHtmlTags:N0} HTML tags. Use Markdown, or fewer tags.";
        }
        return null;
    }

    private static int QuoteDepth(ReadOnlySpan<char> line)
    {
        var depth = 0;
        foreach (var c in line)
        {
            if (c == '>') depth++;
            else if (c != ' ' && c != '\t') break;
        }
        return depth;
    }

    private static MarkdownPipeline BuildPipeline()
    {
        var builder = new MarkdownPipelineBuilder()
            .UseAutoIdentifiers()
            .UsePipeTables()
            .UseEmphasisExtras()
            .UseTaskLists()
            .UseAutoLinks()
            .UseFootnotes()
            .UseListExtras()
            .UseDefinitionLists();
        // First among the parsers tried at positions no markup claims: checks the budget as parsing goes.
        builder.InlineParsers.Insert(0, new BudgetCheckpoint());
        return builder.Build();
    }

    /// <summary>A parser that never matches: it only looks at the clock and the cancellation token.</summary>
    private sealed class BudgetCheckpoint : InlineParser
    {
        public override bool Match(InlineProcessor processor, ref StringSlice slice)
        {
            if (processor.Context?.Properties.TryGetValue(typeof(RenderBudget), out var budget) == true) ((RenderBudget)budget!).Tick();
            return false;
        }
    }

    /// <summary>A deadline and a cancellation token, looked at every few hundred parser steps.</summary>
    private sealed class RenderBudget(TimeSpan budget, CancellationToken cancellationToken)
    {
        private readonly long _deadline = Stopwatch.GetTimestamp() + (long)(budget.TotalSeconds * Stopwatch.Frequency);
        private int _ticks;

        public void Tick()
        {
            if (++_ticks % 256 == 0) Check();
        }

        public void Check()
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (Stopwatch.GetTimestamp() > _deadline) throw new ExceededException();
        }

        public sealed class ExceededException : Exception;
    }
}
