using System.Text.RegularExpressions;

namespace Cairn.Web.Platform.Tenancy;

/// <summary>Rules for workspace slugs, which become host names (<c>acme.example.com</c>).</summary>
public static partial class WorkspaceSlug
{
    public const int MinLength = 2;
    public const int MaxLength = 40;

    /// <summary>Names the platform keeps for itself: hosts a workspace may never take.</summary>
    public static readonly IReadOnlySet<string> Reserved = new HashSet<string>(StringComparer.Ordinal)
    {
        "www", "api", "admin", "app", "apps", "assets", "static", "media", "cdn", "mail", "smtp", "imap",
        "ftp", "ns", "ns1", "ns2", "auth", "login", "account", "accounts", "signup", "health", "status",
        "metrics", "hubs", "docs", "help", "support", "billing", "root", "system", "cairn", "localhost",
    };

    [GeneratedRegex("^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();

    /// <summary>Null when <paramref name="slug"/> is acceptable, otherwise the reason in one sentence.</summary>
    public static string? Validate(string? slug)
    {
        if (string.IsNullOrWhiteSpace(slug)) return "Enter an address for the workspace.";
        if (slug.Length < MinLength || slug.Length > MaxLength)
            return $"The address must be {MinLength} to {MaxLength} characters long.";
        if (!Shape().IsMatch(slug))
            return "Use lower-case letters, digits and hyphens only, starting and ending with a letter or digit.";
        if (slug.Contains("--", StringComparison.Ordinal)) return "The address may not contain two hyphens in a row.";
        if (Reserved.Contains(slug)) return $"'{slug}' is reserved; choose another address.";
        return null;
    }
}
