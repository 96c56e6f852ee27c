using System.ComponentModel.DataAnnotations;
using System.Threading.RateLimiting;

namespace Cairn.Web.Modules.Chat;

/// <summary>The <c>Cairn:Chat</c> configuration section.</summary>
public sealed class ChatOptions
{
    /// <summary>Messages one member may send per minute in a workspace (hub and API together).</summary>
    [Range(1, 10_000)]
    public int MessagesPerMinute { get; set; } = 60;

    /// <summary>Catch-ups (<c>Subscribe</c>, the events API) one member may ask for per minute.</summary>
    [Range(1, 10_000)]
    public int ReadsPerMinute { get; set; } = 300;

    /// <summary>When an instance stops, its clients come back within this many seconds, each at a random moment.</summary>
    [Range(0, 600)]
    public int ReconnectSpreadSeconds { get; set; } = 10;

    /// <summary>The largest file one may send in a conversation.</summary>
    [Range(1_024, 100 * 1024 * 1024)]
    public long MaxAttachmentBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>Files one member may have uploaded and not sent yet, in a workspace.</summary>
    [Range(1, 1_000)]
    public int MaxUnsentAttachments { get; set; } = 20;

    /// <summary>An upload not sent in a message within this many hours is deleted.</summary>
    [Range(1, 720)]
    public int UnsentAttachmentHours { get; set; } = 24;

    /// <summary>All the chat files of one workspace together, at most.</summary>
    [Range(1_024, long.MaxValue)]
    public long MaxWorkspaceAttachmentBytes { get; set; } = 10L * 1024 * 1024 * 1024;

    /// <summary>How often each instance says its connections are still open; one not renewed for three times this is gone (its instance crashed).</summary>
    [Range(5, 3_600)]
    public int PresenceHeartbeatSeconds { get; set; } = 30;

    /// <summary>A mention or direct message still unread after this many minutes goes into the member's email.</summary>
    [Range(0, 10_080)]
    public int MissedEmailAfterMinutes { get; set; } = 30;

    /// <summary>At most one such email per member and workspace in this many minutes.</summary>
    [Range(1, 10_080)]
    public int MissedEmailEveryMinutes { get; set; } = 60;
}

/// <summary>
/// Per-member budgets for what costs the server most (sending, which writes and fans out; catching up, which reads
/// up to 500 events), the same for the hub and the API, in a sliding minute. A hostile member floods nobody: past
/// the budget, calls are refused with a message saying when to try again. Counted in each instance.
/// </summary>
public sealed class ChatLimits(IOptions<ChatOptions> options) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _sends = Limiter(options.Value.MessagesPerMinute);
    private readonly PartitionedRateLimiter<string> _reads = Limiter(options.Value.ReadsPerMinute);
    private readonly PartitionedRateLimiter<string> _presence = Limiter(PresenceChangesPerMinute);

    /// <summary>Away and back, per member in a minute: each change is sent to the whole workspace.</summary>
    public const int PresenceChangesPerMinute = 30;

    private static PartitionedRateLimiter<string> Limiter(int perMinute) => PartitionedRateLimiter.Create<string, string>(key =>
        RateLimitPartition.GetSlidingWindowLimiter(key, _ => new SlidingWindowRateLimiterOptions
        {
            PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), SegmentsPerWindow = 6, QueueLimit = 0,
        }));

    /// <summary>Null when <paramref name="user"/> may send now in workspace <paramref name="tenant"/>; otherwise why not.</summary>
    public string? RefuseSend(int tenant, Guid user) => Refuse(_sends, tenant, user, "messages");

    /// <summary>Null when <paramref name="user"/> may catch up now; otherwise why not.</summary>
    public string? RefuseRead(int tenant, Guid user) => Refuse(_reads, tenant, user, "catch-ups");

    /// <summary>Null when <paramref name="user"/> may change their presence now; otherwise why not.</summary>
    public string? RefusePresence(int tenant, Guid user) => Refuse(_presence, tenant, user, "presence changes");

    private static string? Refuse(PartitionedRateLimiter<string> limiter, int tenant, Guid user, string what)
    {
        using var lease = limiter.AttemptAcquire($"{tenant}:{user:N}");
        if (lease.IsAcquired) return null;
        var wait = lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)) : 10;
        return $"Slow down: too many {what} in a minute. Try again in {wait} s.";
    }

    public void Dispose()
    {
        _sends.Dispose();
        _reads.Dispose();
        _presence.Dispose();
    }
}
