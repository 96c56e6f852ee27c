namespace Cairn.Web.Platform.Tenancy;

/// <summary>
/// Absolute addresses of a workspace: the host from the configured base domain (never the request's Host
/// header), the scheme and port from <c>Cairn:Tenancy:PublicUrl</c>, else from the current request.
/// </summary>
public sealed class WorkspaceLinks(IOptions<TenancyOptions> options, IHttpContextAccessor accessor)
{
    /// <summary>The workspace's origin, without a trailing slash: <c>https://acme.example.com</c>.</summary>
    public string OriginOf(string slug)
    {
        var settings = options.Value;
        string scheme, port;
        if (Uri.TryCreate(settings.PublicUrl, UriKind.Absolute, out var publicUrl))
        {
            scheme = publicUrl.Scheme;
            port = publicUrl.IsDefaultPort ? "" : $":{publicUrl.Port}";
        }
        else
        {
            var request = accessor.HttpContext?.Request;
            scheme = request?.Scheme ?? "http";
            port = request?.Host.Port is { } p ? $":{p}" : "";
        }
        var host = slug == settings.DefaultWorkspace ? settings.BaseDomain : $"{slug}.{settings.BaseDomain}";
        return $"{scheme}://{host}{port}";
    }

    public string HomeOf(string slug) => OriginOf(slug) + "/";
}
