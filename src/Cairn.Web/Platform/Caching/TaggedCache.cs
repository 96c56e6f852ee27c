using Microsoft.Extensions.Caching.Hybrid;

namespace Cairn.Web.Platform.Caching;

/// <summary>
/// The data cache modules keep their read models in (a recipe page, a page of a list): HybridCache, so a value is
/// kept in the process's memory and, with Redis configured, in Redis for every instance; concurrent misses for one
/// key load it once (a cold page read by a hundred requests at once costs one database load). Each value names the
/// tags it depends on, and <see cref="InvalidateAsync"/> on a tag makes every value under it stale on every instance
/// at once (<see cref="TagVersions"/>). When Redis is away, values are read from the database and not cached.
/// </summary>
public sealed class TaggedCache(HybridCache cache, TagVersions versions)
{
    /// <summary>
    /// The value of <paramref name="key"/> while none of <paramref name="tags"/> changed, loaded by
    /// <paramref name="load"/> otherwise. The key must name everything the value depends on besides its tags
    /// (the workspace, the reader's view of it).
    /// </summary>
    public async ValueTask<T> GetOrLoadAsync<T>(string key, IReadOnlyList<string> tags, Func<CancellationToken, ValueTask<T>> load, CacheLifetime lifetime, CancellationToken cancellationToken)
    {
        if (lifetime.Shared <= TimeSpan.Zero) return await load(cancellationToken);
        var stamp = await versions.StampAsync(tags);
        if (stamp is null) return await load(cancellationToken);
        try
        {
            return await cache.GetOrCreateAsync($"{key}@{stamp}", load, lifetime.Options, cancellationToken: cancellationToken);
        }
        catch (Exception e) when (RedisOutage.IsOutage(e))
        {
            // Redis went away between the versions and the value.
            versions.Outage.Failed(e);
            return await load(cancellationToken);
        }
    }

    /// <summary>Makes every value cached under any of <paramref name="tags"/> stale, on every instance.</summary>
    public ValueTask InvalidateAsync(IReadOnlyCollection<string> tags) => versions.BumpAsync(tags);
}

/// <summary>How long a cached value is kept: in the process (<see cref="Local"/>) and in the shared store.</summary>
public sealed record CacheLifetime(TimeSpan Shared, TimeSpan Local)
{
    internal HybridCacheEntryOptions Options { get; } = new() { Expiration = Shared, LocalCacheExpiration = Local < Shared ? Local : Shared };

    /// <summary>Not cached.</summary>
    public static readonly CacheLifetime Off = new(TimeSpan.Zero, TimeSpan.Zero);
}

public static class TaggedCacheExtensions
{
    /// <summary>
    /// The data cache (<see cref="TaggedCache"/>): in memory, and with <c>ConnectionStrings:Redis</c> also in Redis
    /// (keys under <c>{Cairn:RateLimits:KeyPrefix}:data:</c> and <c>…:cache:</c>).
    /// </summary>
    public static IHostApplicationBuilder AddCairnDataCache(this IHostApplicationBuilder builder)
    {
        var redis = builder.Configuration.GetConnectionString("Redis");
        var prefix = builder.Configuration[$"{Api.RateLimitOptions.Section}:KeyPrefix"] is { Length: > 0 } configured ? configured : "cairn";
        builder.Services.AddHybridCache(options =>
        {
            options.MaximumPayloadBytes = 4 * 1024 * 1024;
            options.MaximumKeyLength = 2048;
        });
        if (!string.IsNullOrWhiteSpace(redis))
        {
            builder.Services.AddStackExchangeRedisCache(options =>
            {
                options.ConfigurationOptions = RedisOptions.ForCaching(redis);
                options.InstanceName = $"{prefix}:data:";
            });
        }

        builder.Services.AddSingleton(services => new TagVersions(redis, prefix, services.GetRequiredService<ILogger<TagVersions>>(), services.GetRequiredService<TimeProvider>()));
        builder.Services.AddSingleton<TaggedCache>();
        return builder;
    }
}
