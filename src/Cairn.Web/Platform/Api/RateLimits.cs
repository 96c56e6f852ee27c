using System.Security.Cryptography;
using System.Text;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using RedisRateLimiting;
using StackExchange.Redis;

namespace Cairn.Web.Platform.Api;

/// <summary>The <c>Cairn:RateLimits</c> section: fixed windows, counted per caller, per workspace, and per address on sign-in.</summary>
public sealed class RateLimitOptions
{
    public const string Section = "Cairn:RateLimits";

    public bool Enabled { get; set; } = true;

    /// <summary>API requests per window for one caller: a signed-in user, a token, or an address when anonymous.</summary>
    public int CallerPermits { get; set; } = 600;

    /// <summary>API requests per window for a whole workspace.</summary>
    public int WorkspacePermits { get; set; } = 6000;

    /// <summary>Sign-in attempts (token, refresh, RealWorld login and registration) per window from one address, over all workspaces.</summary>
    public int AuthPermits { get; set; } = 10;

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Prefix of the Redis keys, so that several deployments can share one Redis.</summary>
    public string KeyPrefix { get; set; } = "cairn";
}

/// <summary>
/// DRF's throttling. Every /api request takes a permit from its caller's budget and from its workspace's; the
/// sign-in endpoints also from a much smaller budget per address. With <c>ConnectionStrings:Redis</c> the budgets
/// live in Redis, so every instance of Cairn draws from the same ones; without it, each process counts alone.
/// A refusal is 429 with Retry-After and problem details. If Redis cannot be reached, requests are let through
/// (and logged): a broken counter must not take the API down.
/// </summary>
public static class RateLimits
{
    public const string AuthPolicy = "auth";

    public static IHostApplicationBuilder AddCairnRateLimits(this IHostApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(RateLimitOptions.Section);
        var settings = section.Get<RateLimitOptions>() ?? new RateLimitOptions();
        var redisConfiguration = builder.Configuration.GetConnectionString("Redis");
        Lazy<IConnectionMultiplexer>? redis = null;
        if (!string.IsNullOrWhiteSpace(redisConfiguration))
        {
            redis = new Lazy<IConnectionMultiplexer>(() =>
            {
                var options = ConfigurationOptions.Parse(redisConfiguration);
                options.AbortOnConnectFail = false;
                return ConnectionMultiplexer.Connect(options);
            });
            builder.Services.AddSingleton(_ => redis.Value);
        }

        builder.Services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = (context, cancellationToken) => RejectAsync(context, settings, cancellationToken);
            if (!settings.Enabled)
            {
                // Switched off, the named policy must still exist: endpoints that name it would fail on every request.
                options.AddPolicy(AuthPolicy, _ => RateLimitPartition.GetNoLimiter("off"));
                return;
            }

            RateLimitPartition<string> Window(string key, int permits) => redis is null
                ? RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = settings.Window, QueueLimit = 0 })
                : RedisRateLimitPartition.GetFixedWindowRateLimiter($"{settings.KeyPrefix}:{key}", _ => new RedisFixedWindowRateLimiterOptions
                {
                    ConnectionMultiplexerFactory = () => redis.Value, PermitLimit = permits, Window = settings.Window,
                });

            var perCaller = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                context.IsApi() ? Window($"caller:{Workspace(context)}:{Caller(context)}", settings.CallerPermits) : RateLimitPartition.GetNoLimiter(""));
            var perWorkspace = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                context.IsApi() ? Window($"workspace:{Workspace(context)}", settings.WorkspacePermits) : RateLimitPartition.GetNoLimiter(""));
            // Sign-in endpoints (those that require the auth policy), per address across every workspace: creating
            // workspaces must not multiply an attacker's attempts. Counted in the global limiter, so that it fails
            // open with the others when Redis is away (a policy's limiter would answer 500 then).
            var perAddress = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                context.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName == AuthPolicy
                    ? Window($"auth:{Address(context)}", settings.AuthPermits) : RateLimitPartition.GetNoLimiter(""));
            options.GlobalLimiter = new FailOpenLimiter(PartitionedRateLimiter.CreateChained(perCaller, perWorkspace, perAddress));
            options.AddPolicy(AuthPolicy, _ => RateLimitPartition.GetNoLimiter("counted globally"));
        });
        return builder;
    }

    private static string Workspace(HttpContext context) => context.RequestServices.GetRequiredService<ITenantContext>().Current?.Slug ?? "-";

    private static string Address(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    /// <summary>The signed-in user (cookie), else the token sent (hashed: it is not validated yet), else the address.</summary>
    private static string Caller(HttpContext context)
    {
        if (context.User.UserId() is { } user) return $"user:{user}";
        var authorization = context.Request.Headers.Authorization.ToString();
        if (authorization.Length > 0) return "token:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(authorization)).AsSpan(0, 12));
        return $"ip:{Address(context)}";
    }

    private static async ValueTask RejectAsync(OnRejectedContext context, RateLimitOptions settings, CancellationToken cancellationToken)
    {
        var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : settings.Window;
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        context.HttpContext.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        // A page (sign-up) gets the site's error page for 429, re-executed by the status-code pages.
        if (!context.HttpContext.IsApi()) return;
        await Results.Problem(
            statusCode: StatusCodes.Status429TooManyRequests,
            title: "Too many requests.",
            detail: $"Slow down: try again in {seconds} s.",
            extensions: new Dictionary<string, object?> { ["retryAfterSeconds"] = seconds }).ExecuteAsync(context.HttpContext);
    }

    /// <summary>
    /// Lets requests through when the limiter itself fails (Redis unreachable): at once while Redis is away, not after
    /// a timeout each, and logged once per outage, not per request.
    /// </summary>
    private sealed class FailOpenLimiter(PartitionedRateLimiter<HttpContext> inner) : PartitionedRateLimiter<HttpContext>
    {
        private Caching.RedisOutage? _outage;

        public override RateLimiterStatistics? GetStatistics(HttpContext resource) => inner.GetStatistics(resource);

        protected override RateLimitLease AttemptAcquireCore(HttpContext resource, int permitCount)
        {
            var outage = OutageOf(resource);
            if (outage.Skipping) return new AllowedLease();
            try
            {
                var lease = inner.AttemptAcquire(resource, permitCount);
                outage.Succeeded();
                return lease;
            }
            catch (Exception e) when (Caching.RedisOutage.IsOutage(e))
            {
                outage.Failed(e);
                return new AllowedLease();
            }
        }

        protected override async ValueTask<RateLimitLease> AcquireAsyncCore(HttpContext resource, int permitCount, CancellationToken cancellationToken)
        {
            var outage = OutageOf(resource);
            if (outage.Skipping) return new AllowedLease();
            try
            {
                var lease = await inner.AcquireAsync(resource, permitCount, cancellationToken);
                outage.Succeeded();
                return lease;
            }
            catch (Exception e) when (Caching.RedisOutage.IsOutage(e))
            {
                outage.Failed(e);
                return new AllowedLease();
            }
        }

        private Caching.RedisOutage OutageOf(HttpContext resource) => _outage ??= new Caching.RedisOutage("rate limiting",
            resource.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Cairn.RateLimits"), resource.RequestServices.GetRequiredService<TimeProvider>());

        private sealed class AllowedLease : RateLimitLease
        {
            public override bool IsAcquired => true;
            public override IEnumerable<string> MetadataNames => [];

            public override bool TryGetMetadata(string metadataName, out object? metadata)
            {
                metadata = null;
                return false;
            }
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
