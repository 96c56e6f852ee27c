using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Cairn.Web.Platform.Data;

/// <summary>
/// Prepares the database while the web server starts, so that the two overlap: applies pending migrations,
/// makes sure the default workspace exists (seeding the demo account into an empty database), and builds
/// the EF Core model on a second thread meanwhile.
/// Requests wait for it (<see cref="DatabaseStartupGate"/>); <c>/health/ready</c> reports 503 until it is done.
/// If the database cannot be prepared (unreachable, say), the process stays up and not ready, answering 503,
/// and tries again with growing pauses (1 s doubling to 30 s), as an orchestrator expects.
/// </summary>
public sealed class DatabaseStartup(IServiceProvider services, IOptions<DatabaseOptions> database, IOptions<CairnOptions> cairn, ILogger<DatabaseStartup> logger)
{
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan LongestRetry = TimeSpan.FromSeconds(30);

    public Task Ready => _ready.Task;

    /// <summary>Why the last attempt failed, while attempts go on; null before the first failure and once ready.</summary>
    public string? Failure { get; private set; }

    /// <summary>How many times preparing has been tried.</summary>
    public int Attempts { get; private set; }

    /// <summary>What went wrong the first time, if anything did (kept after a later attempt succeeds).</summary>
    public Exception? FirstFailure { get; private set; }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        // Not ready yet is no error: said once here, and once more the moment it is ready (the probes log nothing).
        logger.LogInformation("Preparing the database; /health/ready answers 503 until it is done");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var pause = FirstRetry;
        for (var attempt = 1; ; attempt++)
        {
            Attempts = attempt;
            try
            {
                await PrepareAsync(cancellationToken);
                Failure = null;
                _ready.TrySetResult();
                logger.LogInformation("Ready: the database was prepared in {Elapsed} ms ({Attempts} attempt(s))", clock.ElapsedMilliseconds, attempt);
                return;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                _ready.TrySetCanceled(cancellationToken);
                throw;
            }
            catch (Exception e)
            {
                Failure = e.Message;
                FirstFailure ??= e;
                logger.LogError(e, "Cannot prepare the database (attempt {Attempt}); not ready, trying again in {Pause}", attempt, pause);
                await Task.Delay(pause, cancellationToken);
                pause = pause * 2 < LongestRetry ? pause * 2 : LongestRetry;
            }
        }
    }

    private async Task PrepareAsync(CancellationToken cancellationToken)
    {
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
            // Preparing failed and is being tried again: say so at once rather than hold the request.
            if (startup.Failure is not null)
            {
                context.Response.Headers.RetryAfter = "5";
                // Written here: the error page itself would need the database.
                if (context.Request.Path.StartsWithSegments("/api"))
                    await Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Not ready.",
                        detail: "The database is not ready yet; try again in a few seconds.").ExecuteAsync(context);
                else
                {
                    context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                    context.Response.ContentType = "text/html; charset=utf-8";
                    await context.Response.WriteAsync("<!doctype html><title>Starting</title><p>Cairn is starting, but its database is not ready yet. Try again in a few seconds.</p>");
                }
                return;
            }
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
            TaskStatus.Faulted or TaskStatus.Canceled => HealthCheckResult.Unhealthy("Preparing the database failed."),
            _ when startup.Failure is { } failure => HealthCheckResult.Unhealthy($"Preparing the database failed, trying again: {failure}"),
            _ => HealthCheckResult.Unhealthy("The database is being prepared."),
        });
}
