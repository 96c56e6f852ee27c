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
            options.ConfigurationOptions = ConfigurationOptions.Parse(redis);
            options.ConfigurationOptions.AbortOnConnectFail = false;
            options.InstanceName = $"{prefix}:output:";
        });

        // Wrap Redis's store so that an outage is a miss, not a 500.
        var registered = builder.Services.Last(d => d.ServiceType == typeof(IOutputCacheStore));
        builder.Services.Remove(registered);
        builder.Services.AddSingleton<IOutputCacheStore>(services => new FailOpenStore(
            (IOutputCacheStore)(registered.ImplementationInstance
                ?? registered.ImplementationFactory?.Invoke(services)
                ?? ActivatorUtilities.CreateInstance(services, registered.ImplementationType!)),
            services.GetRequiredService<ILogger<FailOpenStore>>()));
        return builder;
    }

    internal sealed class FailOpenStore(IOutputCacheStore inner, ILogger<FailOpenStore> logger) : IOutputCacheStore
    {
        public async ValueTask<byte[]?> GetAsync(string key, CancellationToken cancellationToken)
        {
            try
            {
                return await inner.GetAsync(key, cancellationToken);
            }
            catch (Exception e) when (e is RedisException or TimeoutException)
            {
                logger.LogWarning(e, "Output cache unavailable; answering without it");
                return null;
            }
        }

        public async ValueTask SetAsync(string key, byte[] value, string[]? tags, TimeSpan validFor, CancellationToken cancellationToken)
        {
            try
            {
                await inner.SetAsync(key, value, tags, validFor, cancellationToken);
            }
            catch (Exception e) when (e is RedisException or TimeoutException)
            {
                logger.LogWarning(e, "Output cache unavailable; the answer is not stored");
            }
        }

        public async ValueTask EvictByTagAsync(string tag, CancellationToken cancellationToken)
        {
            try
            {
                await inner.EvictByTagAsync(tag, cancellationToken);
            }
            catch (Exception e) when (e is RedisException or TimeoutException)
            {
                // Nothing could have been stored while Redis was away, except before it went: say so loudly.
                logger.LogError(e, "Output cache unavailable: could not evict {Tag}; cached answers may be stale until they expire", tag);
            }
        }
    }
}
