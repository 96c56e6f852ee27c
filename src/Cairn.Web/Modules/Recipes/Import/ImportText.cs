using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace Cairn.Web.Modules.Recipes.Import;

/// <summary>
/// The text rules every part of the importer shares: HTML tags stripped and entities decoded (for text that came
/// out of JSON), white space collapsed, values cut to their columns, ISO 8601 durations, yields and addresses read.
/// Each is one pass over its input, so a hostile page costs time in proportion to its size, never more.
/// </summary>
internal static partial class ImportText
{
    public const int MaxTitle = Recipe.MaxTitleLength;
    public const int MaxSummary = Recipe.MaxSummaryLength;
    public const int MaxIngredientLine = 299;
    public const int MaxIngredientLines = Recipe.MaxIngredients;
    public const int MaxSection = RecipeIngredient.MaxSectionLength - 1;
    public const int MaxImages = 5;

    private static readonly HashSet<string> BlockTags = new(StringComparer.OrdinalIgnoreCase)
    {
        "br", "p", "div", "li", "ul", "ol", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "blockquote", "dd", "dt",
    };

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> BlockTagNames = BlockTags.GetAlternateLookup<ReadOnlySpan<char>>();

    [GeneratedRegex(@"\AP(?:(\d+(?:[.,]\d+)?)W)?(?:(\d+(?:[.,]\d+)?)D)?(?:T(?:(\d+(?:[.,]\d+)?)H)?(?:(\d+(?:[.,]\d+)?)M)?(?:(\d+(?:[.,]\d+)?)S)?)?\z", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex IsoDuration();

    [GeneratedRegex(@"\d{1,6}")]
    private static partial Regex Digits();

    /// <summary>
    /// <paramref name="text"/> as one clean line of at most <paramref name="max"/> characters. With
    /// <paramref name="html"/> (text out of JSON-LD) tags are stripped and entities decoded first, twice, since
    /// sites often encode the HTML they put in JSON.
    /// </summary>
    public static string Line(string? text, int max, bool html) => Cut(Collapse(html ? Decode(text) : text ?? ""), max);

    /// <summary>The non-empty lines of <paramref name="text"/>, each collapsed; block tags (p, li, br…) break lines.</summary>
    public static IEnumerable<string> Lines(string? text, bool html) =>
        (html ? Decode(text) : text ?? "").Split('\n').Select(Collapse).Where(line => line.Length > 0);

    private static string Decode(string? text)
    {
        var once = WebUtility.HtmlDecode(StripTags(text ?? ""));
        return once.Contains('<') || once.Contains('&') ? WebUtility.HtmlDecode(StripTags(once)) : once;
    }

    /// <summary>Drops HTML tags and comments; a block tag becomes a line break. A '&lt;' that starts no tag is text.</summary>
    public static string StripTags(string text)
    {
        if (!text.Contains('<')) return text;
        var result = new StringBuilder(text.Length);
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            var next = i + 1 < text.Length ? text[i + 1] : '\0';
            if (c != '<' || !(char.IsAsciiLetter(next) || next is '/' or '!' or '?'))
            {
                result.Append(c);
                i++;
                continue;
            }

            var comment = text.AsSpan(i).StartsWith("<!--");
            var end = comment ? text.IndexOf("-->", i + 4, StringComparison.Ordinal) : text.IndexOf('>', i + 1);
            if (end < 0)
            {
                // No tag closes after this point, so none of the rest is a tag: it stays text, and the scan stays linear.
                result.Append(text, i, text.Length - i);
                break;
            }

            var nameStart = next == '/' ? i + 2 : i + 1;
            var nameEnd = nameStart;
            while (nameEnd < end && char.IsAsciiLetterOrDigit(text[nameEnd])) nameEnd++;
            if (!comment && BlockTagNames.Contains(text.AsSpan(nameStart, nameEnd - nameStart))) result.Append('\n');
            i = end + (comment ? 3 : 1);
        }

        return result.ToString();
    }

    /// <summary>White space runs (and line breaks) as one space, control and zero-width characters dropped, trimmed.</summary>
    public static string Collapse(string text)
    {
        var result = new StringBuilder(text.Length);
        var space = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                space = result.Length > 0;
                continue;
            }

            if (char.IsControl(c) || c is '\u200B' or '\u200C' or '\u200D' or '\uFEFF') continue;
            if (space) result.Append(' ');
            space = false;
            result.Append(c);
        }

        return result.ToString();
    }

    /// <summary>At most <paramref name="max"/> characters, never half a surrogate pair, trimmed.</summary>
    public static string Cut(string text, int max)
    {
        if (text.Length <= max) return text;
        var length = char.IsHighSurrogate(text[max - 1]) ? max - 1 : max;
        return text[..length].TrimEnd();
    }

    /// <summary>The minutes an ISO 8601 duration (<c>PT1H30M</c>, <c>P0DT0H45M</c>, <c>PT0.5H</c>) stands for, or null when unreadable, negative or over a week.</summary>
    public static int? Minutes(string? text)
    {
        var value = (text ?? "").Trim();
        if (value.Length is 0 or > 64 || value.StartsWith('-')) return null;
        var match = IsoDuration().Match(value);
        if (!match.Success || match.Groups.Values.Skip(1).All(g => !g.Success)) return null;
        double Part(int group) => match.Groups[group].Success
            ? double.Parse(match.Groups[group].Value.Replace(',', '.'), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture)
            : 0;
        var minutes = Part(1) * 7 * 24 * 60 + Part(2) * 24 * 60 + Part(3) * 60 + Part(4) + Part(5) / 60;
        return minutes <= Recipe.MaxMinutes ? (int)Math.Round(minutes, MidpointRounding.AwayFromZero) : null;
    }

    /// <summary>The first number in a yield ("4", "4 servings", "Serves 4-6" is 4), when from 1 to 500.</summary>
    public static int? Servings(string? text)
    {
        var match = Digits().Match(text ?? "");
        return match.Success && int.Parse(match.Value, CultureInfo.InvariantCulture) is var n and >= 1 and <= Recipe.MaxServings ? n : null;
    }

    /// <summary>
    /// <paramref name="text"/> as an absolute http(s) address: resolved against <paramref name="page"/> when there is
    /// one, else only if absolute already. Other schemes (javascript:, data:, file:) and addresses with a user name give null.
    /// </summary>
    public static string? WebAddress(string? text, Uri? page)
    {
        var value = (text ?? "").Trim();
        if (value.Length is 0 or > Recipe.MaxSourceLength) return null;
        Uri? address;
        if (page is not null && page.IsAbsoluteUri)
        {
            if (!Uri.TryCreate(page, value, out address)) return null;
        }
        else if (!(value.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || value.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
                 || !Uri.TryCreate(value, UriKind.Absolute, out address))
        {
            return null;
        }

        return address.Scheme is "http" or "https" && address.UserInfo.Length == 0 && address.Host.Length > 0
            && address.AbsoluteUri.Length <= Recipe.MaxSourceLength ? address.AbsoluteUri : null;
    }
}
