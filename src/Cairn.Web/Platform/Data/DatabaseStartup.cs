using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Cairn.Web.Platform.Data;

/// <summary>
/// Prepares the database while the web server starts, so that the two overlap: applies pending migrations,
/// makes sure the default workspace exists (seeding the demo account into an empty database), and builds
/// the EF Core model on a second thread meanwhile.
/// Requests wait for it (<see cref="DatabaseStartupGate"/>); <c>/health/ready</c> reports 503 until it is done.
/// </summary>
public sealed class DatabaseStartup(IServiceProvider services, IOptions<DatabaseOptions> database, IOptions<CairnOptions> cairn, ILogger<DatabaseStartup> logger)
{
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Ready => _ready.Task;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            var warmModel = Task.Run(BuildModel, cancellationToken);
            if (database.Value.MigrateOnStartup)
            {
                await DatabaseSetup.MigrateAsync(services, cancellationToken);
            }

            DatabaseSetup.EnsurePrivateDatabase(services);
            foreach (var path in services.GetRequiredService<CairnPaths>().Tightened)
                logger.LogWarning("Tightened the permissions of {Path}: secrets and the database are for the process owner only", path);

            if (cairn.Value.SeedDemoData) await DatabaseSetup.SeedAsync(services, logger, cancellationToken);

            await warmModel;
            _ready.TrySetResult();
        }
        catch (Exception e)
        {
            _ready.TrySetException(e);
            throw;
        }
    }

    private void BuildModel()
    {
        using var scope = services.CreateScope();
        _ = scope.ServiceProvider.GetRequiredService<CairnDbContext>().Model;
    }
}

/// <summary>Holds requests (health probes excepted) until the database is ready.</summary>
public sealed class DatabaseStartupGate(RequestDelegate next, DatabaseStartup startup)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (!startup.Ready.IsCompletedSuccessfully && !context.Request.Path.StartsWithSegments("/health"))
        {
            try
            {
                await startup.Ready.WaitAsync(context.RequestAborted);
            }
            catch (Exception) when (!context.RequestAborted.IsCancellationRequested)
            {
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                return;
            }
        }

        await next(context);
    }
}

/// <summary>Not ready while the database is still being prepared, or when preparing it failed.</summary>
public sealed class DatabaseStartupHealthCheck(DatabaseStartup startup) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(startup.Ready.Status switch
        {
            TaskStatus.RanToCompletion => HealthCheckResult.Healthy(),
            TaskStatus.Faulted => HealthCheckResult.Unhealthy("Preparing the database failed."),
            _ => HealthCheckResult.Unhealthy("The database is being prepared."),
        });
}
