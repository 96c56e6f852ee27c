using StackExchange.Redis;

namespace Cairn.Web.Platform.Caching;

/// <summary>
/// What one user of Redis (the data cache, the output cache) knows of Redis being away: after a failure it stops
/// asking for a few seconds (requests are answered without Redis at once, instead of each waiting for a timeout),
/// then tries again. It logs an outage once when it starts and once when it ends, never per request.
/// </summary>
public sealed class RedisOutage(string what, ILogger logger, TimeProvider clock)
{
    /// <summary>How long Redis is left alone after a failure before the next request tries it again.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);

    private long _retryAtTicks;
    private int _down;

    /// <summary>Whether Redis is believed away, so that the caller should not ask it now.</summary>
    public bool Skipping => Volatile.Read(ref _down) == 1 && clock.GetUtcNow().UtcTicks < Volatile.Read(ref _retryAtTicks);

    /// <summary>Whether <paramref name="e"/> is Redis being unreachable (rather than a bug).</summary>
    public static bool IsOutage(Exception e) =>
        e is RedisException or TimeoutException or ObjectDisposedException
        || (e is AggregateException { InnerExceptions.Count: > 0 } all && all.InnerExceptions.All(IsOutage));

    /// <summary>A call failed: Redis is away (logged if it was not already).</summary>
    public void Failed(Exception e)
    {
        Volatile.Write(ref _retryAtTicks, (clock.GetUtcNow() + RetryAfter).UtcTicks);
        if (Interlocked.Exchange(ref _down, 1) == 0)
            logger.LogWarning(e, "Redis is unreachable: {What} works without it until it returns (tried again every {Seconds} s)", what, RetryAfter.TotalSeconds);
    }

    /// <summary>A call succeeded; true when that ends an outage (logged), so the caller can make up for it.</summary>
    public bool Succeeded()
    {
        if (Volatile.Read(ref _down) == 0 || Interlocked.Exchange(ref _down, 0) == 0) return false;
        logger.LogInformation("Redis is reachable again: {What} uses it again", what);
        return true;
    }
}
