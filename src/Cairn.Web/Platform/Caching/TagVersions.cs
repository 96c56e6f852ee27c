using System.Collections.Concurrent;
using System.Text;
using StackExchange.Redis;

namespace Cairn.Web.Platform.Caching;

/// <summary>
/// A version number per cache tag, which <see cref="TaggedCache"/> writes into its keys: invalidating a tag raises its
/// version, so every entry stored under the old one is never read again, on any instance. Without Redis the numbers
/// live in the process; with Redis they live there (one <c>MGET</c> per read, one <c>INCR</c> per invalidated tag),
/// together with an epoch that a new value replaces after Redis was away (writes made meanwhile raised no version)
/// or lost its data.
/// </summary>
/// <remarks>
/// HybridCache's own tags are not used for this: its <c>RemoveByTagAsync</c> reaches the local memory of the instance
/// that calls it and the shared store, but not the memory of the other instances (dotnet/extensions#5674, #7411).
/// </remarks>
public sealed class TagVersions : IAsyncDisposable
{
    /// <summary>How long a tag's version is kept in Redis after its last change; far longer than any entry lives.</summary>
    public static readonly TimeSpan KeepVersionsFor = TimeSpan.FromDays(2);

    private readonly ConcurrentDictionary<string, long> _local = new(StringComparer.Ordinal);
    private readonly string _localEpoch = NewEpoch();
    private readonly Lazy<Task<ConnectionMultiplexer>>? _redis;
    private readonly string _prefix;

    public TagVersions(string? redis, string prefix, ILogger<TagVersions> logger, TimeProvider clock)
    {
        _prefix = $"{prefix}:cache:";
        Outage = new RedisOutage("the data cache", logger, clock);
        if (string.IsNullOrWhiteSpace(redis)) return;
        _redis = new(() => ConnectionMultiplexer.ConnectAsync(RedisOptions.ForCaching(redis)));
    }

    /// <summary>Whether the versions are shared through Redis.</summary>
    public bool Shared => _redis is not null;

    public RedisOutage Outage { get; }

    private RedisKey Epoch => _prefix + "epoch";

    private RedisKey KeyOf(string tag) => _prefix + "tag:" + tag;

    /// <summary>
    /// The current versions of <paramref name="tags"/> as one string for a cache key; null when they cannot be known
    /// (Redis away, or just back), and the caller must read from the database.
    /// </summary>
    public async ValueTask<string?> StampAsync(IReadOnlyList<string> tags)
    {
        var stamp = new StringBuilder();
        if (_redis is null)
        {
            stamp.Append(_localEpoch);
            foreach (var tag in tags) stamp.Append('.').Append(_local.GetValueOrDefault(tag));
            return stamp.ToString();
        }

        if (Outage.Skipping) return null;
        try
        {
            var redis = (await _redis.Value).GetDatabase();
            var keys = new RedisKey[tags.Count + 1];
            keys[0] = Epoch;
            for (var i = 0; i < tags.Count; i++) keys[i + 1] = KeyOf(tags[i]);
            var values = await redis.StringGetAsync(keys);
            if (Outage.Succeeded() || values[0].IsNull)
            {
                // Back after an outage (versions may have missed writes), or a Redis that lost its data (or is new):
                // whatever was cached before is left behind by a new epoch.
                await redis.StringSetAsync(Epoch, NewEpoch(), when: values[0].IsNull ? When.NotExists : When.Always);
                return null;
            }

            stamp.Append((string?)values[0]);
            for (var i = 1; i < values.Length; i++) stamp.Append('.').Append(values[i].IsNull ? "0" : (string?)values[i]);
            return stamp.ToString();
        }
        catch (Exception e) when (RedisOutage.IsOutage(e))
        {
            Outage.Failed(e);
            return null;
        }
    }

    /// <summary>Raises the versions of <paramref name="tags"/>: what was cached under them is not read again.</summary>
    public async ValueTask BumpAsync(IReadOnlyCollection<string> tags)
    {
        if (tags.Count == 0) return;
        if (_redis is null)
        {
            foreach (var tag in tags) _local.AddOrUpdate(tag, 1, (_, version) => version + 1);
            return;
        }

        if (Outage.Skipping) return; // the epoch is renewed when Redis is back
        try
        {
            var redis = (await _redis.Value).GetDatabase();
            var batch = redis.CreateBatch();
            var sent = tags.SelectMany(tag => new Task[] { batch.StringIncrementAsync(KeyOf(tag)), batch.KeyExpireAsync(KeyOf(tag), KeepVersionsFor) }).ToList();
            batch.Execute();
            await Task.WhenAll(sent);
            if (Outage.Succeeded()) await redis.StringSetAsync(Epoch, NewEpoch());
        }
        catch (Exception e) when (RedisOutage.IsOutage(e))
        {
            Outage.Failed(e);
        }
    }

    private static string NewEpoch() => Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(6)).ToLowerInvariant();

    public async ValueTask DisposeAsync()
    {
        if (_redis is { IsValueCreated: true }) (await _redis.Value).Dispose();
    }
}

/// <summary>How Cairn's caches connect to Redis.</summary>
public static class RedisOptions
{
    /// <summary>
    /// <paramref name="configuration"/> for a cache: starts without Redis if it is away, and fails a command at once
    /// while disconnected (a cache that waits for Redis is slower than none).
    /// </summary>
    public static ConfigurationOptions ForCaching(string configuration)
    {
        var options = ConfigurationOptions.Parse(configuration);
        options.AbortOnConnectFail = false;
        options.BacklogPolicy = BacklogPolicy.FailFast;
        return options;
    }
}
