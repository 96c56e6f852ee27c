using System.Text.RegularExpressions;

namespace Cairn.Web.Platform.Data;

/// <summary>
/// The one rule for tags in every module: a tag is trimmed, loses a leading <c>#</c>, keeps one space where white
/// space runs, and is lower case, so that <c>#Stone</c>, <c>stone</c> and <c> STONE </c> are one tag. Blank ones
/// are dropped and repeats kept once; more than <see cref="MaxTags"/> or a tag longer than <see cref="MaxLength"/>
/// is refused with a message, never cut short.
/// </summary>
public static partial class TagNames
{
    public const int MaxTags = 10;
    public const int MaxLength = 40;

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhiteSpace();

    /// <summary>Tags typed into one field, separated by commas.</summary>
    public static IReadOnlyList<string> Split(string? text) => Clean((text ?? "").Split(','));

    public static IReadOnlyList<string> Clean(IEnumerable<string?>? names) =>
        (names ?? [])
            .Select(Normalize)
            .Where(n => n.Length > 0)
            .Distinct(StringComparer.Ordinal)
            .ToList();

    /// <summary>One tag as it is stored and looked up (a tag in an address is read the same way).</summary>
    public static string Normalize(string? name) =>
        WhiteSpace().Replace((name ?? "").Trim().TrimStart('#').Trim(), " ").ToLowerInvariant();

    /// <summary>Why these cleaned tags cannot be kept, or null.</summary>
    public static string? Problem(IReadOnlyList<string> tags) =>
        tags.Count > MaxTags ? $"At most {MaxTags} tags."
        : tags.Any(t => t.Length > MaxLength) ? $"A tag may be at most {MaxLength} characters long."
        : null;
}
