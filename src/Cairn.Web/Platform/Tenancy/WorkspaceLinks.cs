using Microsoft.Extensions.Options;

namespace Cairn.Web.Platform.Tenancy;

/// <summary>Builds the address of a workspace's host from the current request's scheme and port.</summary>
public sealed class WorkspaceLinks(IOptions<TenancyOptions> options, IHttpContextAccessor accessor)
{
    public string HomeOf(string slug)
    {
        var settings = options.Value;
        var request = accessor.HttpContext?.Request;
        var scheme = request?.Scheme ?? "http";
        var port = request?.Host.Port is { } p ? $":{p}" : "";
        var host = slug == settings.DefaultWorkspace ? settings.BaseDomain : $"{slug}.{settings.BaseDomain}";
        return $"{scheme}://{host}{port}/";
    }
}
