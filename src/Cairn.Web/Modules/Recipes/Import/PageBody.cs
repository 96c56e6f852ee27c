using System.Text;
using System.Text.RegularExpressions;

namespace Cairn.Web.Modules.Recipes.Import;

/// <summary>
/// Turns a fetched body into text the way browsers do: a byte order mark wins, then the Content-Type charset,
/// then a <c>&lt;meta charset&gt;</c> near the top, then UTF-8. Latin-1 and ASCII labels mean windows-1252, as the
/// WHATWG encoding standard says; unknown labels fall through to the next rule.
/// </summary>
internal static partial class PageBody
{
    // Browsers look for the meta charset in the first 1024 bytes; a little more costs nothing.
    private const int MetaScanBytes = 4_096;

    [GeneratedRegex(@"<meta[^>]{0,500}?charset\s*=\s*[""']?\s*([A-Za-z0-9._:\-]{1,40})", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MetaCharset();

    /// <summary>Whether a Content-Type's media type is HTML.</summary>
    public static bool IsHtml(string mediaType) =>
        mediaType.Equals("text/html", StringComparison.OrdinalIgnoreCase) || mediaType.Equals("application/xhtml+xml", StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether a body sent without a Content-Type looks like HTML: its first character after white space (and a BOM) is '&lt;'.</summary>
    public static bool LooksLikeHtml(ReadOnlySpan<byte> body)
    {
        var start = Bom(body, out _);
        foreach (var b in body[start..])
        {
            if (b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n' or (byte)'\f') continue;
            return b == (byte)'<';
        }

        return false;
    }

    /// <summary>The body as text, decoded by the first rule that names an encoding this runtime has.</summary>
    public static string Decode(ReadOnlySpan<byte> body, string? headerCharset)
    {
        var start = Bom(body, out var bom);
        var encoding = bom ?? EncodingFor(headerCharset) ?? MetaEncoding(body) ?? Encoding.UTF8;
        return encoding.GetString(body[start..]);
    }

    private static int Bom(ReadOnlySpan<byte> body, out Encoding? encoding)
    {
        (encoding, var length) = body switch
        {
            [0xEF, 0xBB, 0xBF, ..] => (Encoding.UTF8, 3),
            [0xFE, 0xFF, ..] => (Encoding.BigEndianUnicode, 2),
            [0xFF, 0xFE, ..] => (Encoding.Unicode, 2),
            _ => ((Encoding?)null, 0),
        };
        return length;
    }

    private static Encoding? MetaEncoding(ReadOnlySpan<byte> body)
    {
        var head = Encoding.Latin1.GetString(body[..Math.Min(body.Length, MetaScanBytes)]);
        var match = MetaCharset().Match(head);
        if (!match.Success) return null;
        // A page that says UTF-16 in a meta tag, being readable as ASCII, is not UTF-16.
        return EncodingFor(match.Groups[1].Value) is { } found && found.CodePage is not (1200 or 1201) ? found : Encoding.UTF8;
    }

    private static Encoding? EncodingFor(string? label)
    {
        var name = (label ?? "").Trim().Trim('"', '\'').ToLowerInvariant();
        if (name.Length == 0) return null;
        if (name is "iso-8859-1" or "iso8859-1" or "latin1" or "l1" or "us-ascii" or "ascii" or "cp1252") name = "windows-1252";
        try
        {
            return CodePagesEncodingProvider.Instance.GetEncoding(name) ?? Encoding.GetEncoding(name);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
