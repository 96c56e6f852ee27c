using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Cairn.Web.Platform.Data;

/// <summary>A write to the media folder (or another store that is not the database) that could not be made.</summary>
public sealed class StorageUnavailableException(string what, Exception inner) : Exception($"{what} cannot be written: {inner.Message}", inner);

/// <summary>
/// Which failures mean "the storage cannot take this now" rather than a bug: a SQLite database locked by another
/// writer, read-only or full; a PostgreSQL server that refuses connections, is read-only or shutting down; a
/// media folder that cannot be written. Those are answered 503 with Retry-After, never 500.
/// </summary>
public static class StorageFailures
{
    public static string? ReasonOf(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case StorageUnavailableException:
                    return "The media folder cannot be written.";
                case SqliteException { SqliteErrorCode: 5 or 6 }:
                    return "The database is busy: another process holds its write lock.";
                case SqliteException { SqliteErrorCode: 8 }:
                    return "The database is read-only.";
                case SqliteException { SqliteErrorCode: 13 }:
                    return "The disk holding the database is full.";
                case PostgresException { SqlState: PostgresErrorCodes.ReadOnlySqlTransaction }:
                    return "The database is read-only.";
                case PostgresException { SqlState: PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow
                    or PostgresErrorCodes.TooManyConnections or PostgresErrorCodes.DiskFull }:
                    return "The database server is not taking requests now.";
                case NpgsqlException { InnerException: SocketException or TimeoutException }:
                    return "The database server cannot be reached.";
            }
        }
        return null;
    }
}

/// <summary>Remembers whether the storage is failing, so that the log says why once per outage rather than once per request.</summary>
public sealed class StorageStatus(ILogger<StorageStatus> logger, TimeProvider clock)
{
    private static readonly TimeSpan Quiet = TimeSpan.FromMinutes(1);
    private readonly Lock _gate = new();
    private string? _reason;
    private DateTime _last;

    public void Failed(string reason, Exception exception)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        bool first;
        lock (_gate)
        {
            first = _reason != reason || now - _last > Quiet;
            _reason = reason;
            _last = now;
        }
        if (first) logger.LogError(exception, "Answering 503: {Reason}", reason);
    }
}

/// <summary>Turns storage failures (see <see cref="StorageFailures"/>) into 503 with Retry-After: problem details on the API, the error page elsewhere.</summary>
public sealed class StorageFailureMiddleware(RequestDelegate next, StorageStatus status)
{
    public const int RetryAfterSeconds = 5;
    public const string ReasonItem = "cairn.storage-failure";

    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (Exception exception) when (StorageFailures.ReasonOf(exception) is { } reason && !context.Response.HasStarted)
        {
            status.Failed(reason, exception);
            context.Response.Clear();
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            context.Items[ReasonItem] = reason;
            if (context.Request.Path.StartsWithSegments("/api"))
                await Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "The site cannot store this now.",
                    detail: $"{reason} Nothing was changed; try again in a few seconds.").ExecuteAsync(context);
            // Pages: the empty 503 is re-executed as the styled error page, which says the same.
        }
    }
}

/// <summary>
/// Ready only while the storage takes writes: the database's write lock can be had within a second (SQLite) or
/// the server is not read-only (PostgreSQL), and the media folder takes a file.
/// </summary>
public sealed class StorageHealthCheck(IServiceScopeFactory scopes, CairnPaths paths) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CairnDbContext>();
        try
        {
            if (db.Database.IsSqlite())
            {
                var builder = new SqliteConnectionStringBuilder(db.Database.GetConnectionString()) { DefaultTimeout = 1, Pooling = false };
                await using var connection = new SqliteConnection(builder.ToString());
                await connection.OpenAsync(cancellationToken);
                await using var probe = connection.CreateCommand();
                probe.CommandText = "BEGIN IMMEDIATE; ROLLBACK;";
                await probe.ExecuteNonQueryAsync(cancellationToken);
            }
            else
            {
                var readOnly = await db.Database.SqlQueryRaw<string>("SELECT current_setting('transaction_read_only') AS \"Value\"").SingleAsync(cancellationToken);
                if (readOnly == "on") return HealthCheckResult.Unhealthy("The database is read-only.");
            }
        }
        catch (Exception e) when (StorageFailures.ReasonOf(e) is { } reason)
        {
            return HealthCheckResult.Unhealthy(reason);
        }

        try
        {
            var probe = Path.Combine(paths.MediaDirectory, ".ready-probe");
            Directory.CreateDirectory(paths.MediaDirectory);
            await File.WriteAllBytesAsync(probe, [], cancellationToken);
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return HealthCheckResult.Unhealthy("The media folder cannot be written.");
        }
        return HealthCheckResult.Healthy();
    }
}
