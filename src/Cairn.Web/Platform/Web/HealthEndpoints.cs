using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace Cairn.Web.Platform.Web;

public static class HealthEndpoints
{
    /// <summary>
    /// <c>/health/live</c>: the process answers (no checks). <c>/health/ready</c>: the database answers.
    /// 200 when healthy, 503 when not.
    /// </summary>
    public static IEndpointRouteBuilder MapCairnHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        endpoints.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });
        return endpoints;
    }
}
