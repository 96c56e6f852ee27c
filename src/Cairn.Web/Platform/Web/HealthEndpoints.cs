using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Cairn.Web.Platform.Web;

public static class HealthEndpoints
{
    /// <summary>The category whose per-probe lines are switched off: an orchestrator polls every few seconds.</summary>
    public const string HealthCheckServiceCategory = "Microsoft.Extensions.Diagnostics.HealthChecks.DefaultHealthCheckService";

    public static IHostApplicationBuilder AddCairnHealth(this IHostApplicationBuilder builder)
    {
        // Each unhealthy probe would be an error-level line; ReadinessLog says when readiness changes instead.
        builder.Logging.AddFilter(HealthCheckServiceCategory, LogLevel.None);
        builder.Services.AddSingleton<ReadinessLog>();
        return builder;
    }

    /// <summary>
    /// <c>/health/live</c>: the process answers (no checks). <c>/health/ready</c>: the database answers.
    /// 200 when healthy, 503 when not.
    /// </summary>
    public static IEndpointRouteBuilder MapCairnHealth(this IEndpointRouteBuilder endpoints)
    {
        var readiness = endpoints.ServiceProvider.GetRequiredService<ReadinessLog>();
        endpoints.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        endpoints.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains("ready"),
            ResponseWriter = (context, report) =>
            {
                readiness.Observe(report);
                context.Response.ContentType = "text/plain";
                return context.Response.WriteAsync(report.Status.ToString()); // what the default writer says
            },
        });
        return endpoints;
    }
}

/// <summary>
/// Logs readiness when it changes, not on every probe: not ready at first is information (the database is being
/// prepared), becoming ready is information, and falling out of readiness afterwards is a warning with the reason.
/// </summary>
public sealed class ReadinessLog(ILogger<ReadinessLog> logger)
{
    private readonly Lock _gate = new();
    private HealthStatus? _last;
    private bool _wasReady;

    public void Observe(HealthReport report)
    {
        lock (_gate)
        {
            var ready = report.Status == HealthStatus.Healthy;
            if (_last == report.Status) return;
            _last = report.Status;
            var reasons = string.Join("; ", report.Entries.Where(e => e.Value.Status != HealthStatus.Healthy).Select(e => $"{e.Key}: {e.Value.Description ?? e.Value.Status.ToString()}"));
            if (ready) logger.LogInformation("Ready: /health/ready answers 200");
            else if (!_wasReady) logger.LogInformation("Not ready yet ({Reasons}): /health/ready answers 503", reasons);
            else logger.LogWarning("No longer ready ({Reasons}): /health/ready answers 503", reasons);
            _wasReady |= ready;
        }
    }
}
