using System.Globalization;
using System.Text;

namespace Cairn.Web.Platform.Web;

/// <summary>URL slugs from titles, for every module: transliterated to ASCII where a common mapping exists, lower-case, hyphenated.</summary>
public static class Slugs
{
    public const int MaxLength = 80;

    private static readonly Dictionary<char, string> Letters = new()
    {
        ['ß'] = "ss", ['æ'] = "ae", ['ø'] = "o", ['œ'] = "oe", ['ł'] = "l", ['đ'] = "d", ['ð'] = "d", ['þ'] = "th", ['ı'] = "i",
        // Cyrillic
        ['а'] = "a", ['б'] = "b", ['в'] = "v", ['г'] = "g", ['д'] = "d", ['е'] = "e", ['ё'] = "e", ['ж'] = "zh", ['з'] = "z",
        ['и'] = "i", ['й'] = "i", ['к'] = "k", ['л'] = "l", ['м'] = "m", ['н'] = "n", ['о'] = "o", ['п'] = "p", ['р'] = "r",
        ['с'] = "s", ['т'] = "t", ['у'] = "u", ['ф'] = "f", ['х'] = "kh", ['ц'] = "ts", ['ч'] = "ch", ['ш'] = "sh", ['щ'] = "shch",
        ['ъ'] = "", ['ы'] = "y", ['ь'] = "", ['э'] = "e", ['ю'] = "iu", ['я'] = "ia", ['є'] = "ie", ['і'] = "i", ['ї'] = "i", ['ґ'] = "g",
        // Greek
        ['α'] = "a", ['β'] = "v", ['γ'] = "g", ['δ'] = "d", ['ε'] = "e", ['ζ'] = "z", ['η'] = "i", ['θ'] = "th", ['ι'] = "i",
        ['κ'] = "k", ['λ'] = "l", ['μ'] = "m", ['ν'] = "n", ['ξ'] = "x", ['ο'] = "o", ['π'] = "p", ['ρ'] = "r", ['σ'] = "s",
        ['ς'] = "s", ['τ'] = "t", ['υ'] = "y", ['φ'] = "f", ['χ'] = "ch", ['ψ'] = "ps", ['ω'] = "o",
    };

    /// <summary>
    /// The slug for <paramref name="text"/>; letters of scripts without a mapping (Chinese, Arabic…) are kept as they
    /// are. A text with nothing to keep gives <paramref name="fallback"/>.
    /// </summary>
    public static string From(string text, string fallback = "post")
    {
        var decomposed = text.Trim().ToLowerInvariant().Normalize(NormalizationForm.FormD);
        var slug = new StringBuilder(decomposed.Length);
        var pendingHyphen = false;
        foreach (var c in decomposed)
        {
            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            if (category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark) continue;

            string? piece = null;
            if (char.IsAsciiLetterOrDigit(c)) piece = c.ToString();
            else if (Letters.TryGetValue(c, out var mapped)) piece = mapped;
            else if (char.IsLetterOrDigit(c)) piece = c.ToString();

            if (piece is null)
            {
                pendingHyphen = slug.Length > 0;
                continue;
            }

            if (piece.Length == 0) continue;
            if (pendingHyphen) slug.Append('-');
            pendingHyphen = false;
            slug.Append(piece);
            if (slug.Length >= MaxLength) break;
        }

        var result = slug.ToString().Normalize(NormalizationForm.FormC);
        if (result.Length > MaxLength) result = result[..MaxLength];
        result = result.Trim('-');
        return result.Length == 0 ? fallback : result;
    }

    /// <summary><paramref name="wanted"/>, or <c>wanted-2</c>, <c>wanted-3</c>… the first one not in <paramref name="taken"/>.</summary>
    public static string Unique(string wanted, IReadOnlyCollection<string> taken)
    {
        if (!taken.Contains(wanted)) return wanted;
        for (var n = 2; ; n++)
        {
            var candidate = $"{wanted}-{n}";
            if (!taken.Contains(candidate)) return candidate;
        }
    }
}
