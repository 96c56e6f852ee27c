using Cairn.Web.Platform.Caching;

namespace Cairn.Web.Modules.Chat;

/// <summary>
/// Every live send and group change of chat goes through here. With the Redis backplane, a send needs Redis; when
/// Redis is away, what is stored stays stored and the call that stored it still succeeds: the live copy is
/// skipped (for a few seconds after a failure, without waiting on Redis each time), the outage is logged once when
/// it starts and once when it ends, and clients catch up from the database by number (at their next event, or
/// when they subscribe again).
/// </summary>
public sealed class ChatBroadcaster(ILogger<ChatBroadcaster> logger, TimeProvider clock)
{
    private readonly RedisOutage _outage = new("chat's live delivery (clients catch up from the database)", logger, clock);

    /// <summary>Whether live delivery is believed away now.</summary>
    public bool Away => _outage.Skipping;

    /// <summary>Runs <paramref name="send"/> unless Redis is known to be away; true when it ran, false when it was skipped or Redis failed.</summary>
    public async Task<bool> TryAsync(Func<Task> send)
    {
        if (_outage.Skipping) return false;
        try
        {
            await send();
            _outage.Succeeded();
            return true;
        }
        catch (Exception e) when (RedisOutage.IsOutage(e))
        {
            _outage.Failed(e);
            return false;
        }
    }
}
