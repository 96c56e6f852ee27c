using Microsoft.AspNetCore.OutputCaching;
using StackExchange.Redis;

namespace Cairn.Web.Platform.Web;

/// <summary>
/// The output cache's store. On the embedded default it lives in the process. With <c>ConnectionStrings:Redis</c>
/// it lives in Redis, so every instance serves the same cached answers and a write on one instance evicts them for
/// all (with a store per process, the others went on serving the old answer until it expired). Keys start with
/// <c>{Cairn:RateLimits:KeyPrefix}:output:</c>. If Redis cannot be reached, the cache steps aside (a miss, nothing
/// stored, logged) rather than failing the request.
/// </summary>
public static class SharedOutputCache
{
    public static IHostApplicationBuilder AddCairnOutputCacheStore(this IHostApplicationBuilder builder)
    {
        var redis = builder.Configuration.GetConnectionString("Redis");
        if (string.IsNullOrWhiteSpace(redis)) return builder;
        var prefix = builder.Configuration[$"{Api.RateLimitOptions.Section}:KeyPrefix"] is { Length: > 0 } configured ? configured : "cairn";
        builder.Services.AddStackExchangeRedisOutputCache(options =>
        {
            options.ConfigurationOptions = Caching.RedisOptions.ForCaching(redis);
            options.InstanceName = $"{prefix}:output:";
        });

        // Wrap Redis's store so that an outage is a miss, not a 500.
        var registered = builder.Services.Last(d => d.ServiceType == typeof(IOutputCacheStore));
        builder.Services.Remove(registered);
        builder.Services.AddSingleton<IOutputCacheStore>(services => new FailOpenStore(
            (IOutputCacheStore)(registered.ImplementationInstance
                ?? registered.ImplementationFactory?.Invoke(services)
                ?? ActivatorUtilities.CreateInstance(services, registered.ImplementationType!)),
            services.GetRequiredService<ILogger<FailOpenStore>>(), services.GetRequiredService<TimeProvider>()));
        return builder;
    }

    internal sealed class FailOpenStore(IOutputCacheStore inner, ILogger<FailOpenStore> logger, TimeProvider clock) : IOutputCacheStore
    {
        // Redis away: every call answers at once without it, and the outage is logged once, not per request.
        private readonly Caching.RedisOutage _outage = new("the output cache", logger, clock);

        public async ValueTask<byte[]?> GetAsync(string key, CancellationToken cancellationToken)
        {
            if (_outage.Skipping) return null;
            try
            {
                var value = await inner.GetAsync(key, cancellationToken);
                _outage.Succeeded();
                return value;
            }
            catch (Exception e) when (Caching.RedisOutage.IsOutage(e))
            {
                _outage.Failed(e);
                return null;
            }
        }

        public async ValueTask SetAsync(string key, byte[] value, string[]? tags, TimeSpan validFor, CancellationToken cancellationToken)
        {
            if (_outage.Skipping) return;
            try
            {
                await inner.SetAsync(key, value, tags, validFor, cancellationToken);
            }
            catch (Exception e) when (Caching.RedisOutage.IsOutage(e))
            {
                _outage.Failed(e);
            }
        }

        public async ValueTask EvictByTagAsync(string tag, CancellationToken cancellationToken)
        {
            try
            {
                await inner.EvictByTagAsync(tag, cancellationToken);
            }
            catch (Exception e) when (Caching.RedisOutage.IsOutage(e))
            {
                // An answer stored before Redis went may outlive this write until it expires: said for each tag, as an error.
                _outage.Failed(e);
                logger.LogError("Output cache unavailable: could not evict {Tag}; cached answers may be stale until they expire", tag);
            }
        }
    }
}
