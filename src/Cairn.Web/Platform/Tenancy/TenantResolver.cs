using System.Net;

namespace Cairn.Web.Platform.Tenancy;

/// <summary>
/// Works out which workspace slug a request asks for: the X-Tenant header, else the subdomain of the base
/// domain, else (the bare domain, <c>www.</c>, an IP address) the default. A host outside the base domain asks
/// for none (null): it is answered 404, not served as the default workspace under a name it chose.
/// </summary>
public sealed class TenantResolver(IOptions<TenancyOptions> options)
{
    public string? SlugFor(HttpRequest request)
    {
        var settings = options.Value;
        if (request.Headers.TryGetValue(settings.HeaderName, out var header) && !string.IsNullOrWhiteSpace(header))
            return header.ToString().Trim().ToLowerInvariant();
        return SlugForHost(request.Host.Host, settings);
    }

    public static string? SlugForHost(string host, TenancyOptions settings)
    {
        host = host.TrimEnd('.').ToLowerInvariant();
        var baseDomain = settings.BaseDomain.Trim('.').ToLowerInvariant();
        if (host.Length == 0 || IPAddress.TryParse(host, out _) || host == baseDomain) return settings.DefaultWorkspace;

        var suffix = "." + baseDomain;
        if (!host.EndsWith(suffix, StringComparison.Ordinal)) return null;

        var label = host[..^suffix.Length];
        return label == "www" ? settings.DefaultWorkspace : label;
    }
}
