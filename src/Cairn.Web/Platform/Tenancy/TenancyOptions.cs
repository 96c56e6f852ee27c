namespace Cairn.Web.Platform.Tenancy;

/// <summary>The <c>Cairn:Tenancy</c> section.</summary>
public sealed class TenancyOptions
{
    public const string Section = "Cairn:Tenancy";

    /// <summary>Workspaces are served at <c>{slug}.{BaseDomain}</c>; the bare domain serves <see cref="DefaultWorkspace"/>.</summary>
    public string BaseDomain { get; set; } = "localhost";

    /// <summary>Slug of the workspace served on the bare domain and on IP addresses.</summary>
    public string DefaultWorkspace { get; set; } = "demo";

    /// <summary>Name given to the default workspace when it is seeded.</summary>
    public string DefaultWorkspaceName { get; set; } = "Demo workspace";

    /// <summary>
    /// The site's public address, e.g. <c>https://example.com</c> (its host the base domain): the scheme and port
    /// of every absolute URL Cairn writes (feeds, sitemap, OpenAPI servers, invite links). Empty: the request's,
    /// as seen through a configured proxy. The host always comes from <see cref="BaseDomain"/>, never from the request.
    /// </summary>
    public string PublicUrl { get; set; } = "";

    /// <summary>Header that API clients use to pick a workspace.</summary>
    public string HeaderName { get; set; } = "X-Tenant";
}
