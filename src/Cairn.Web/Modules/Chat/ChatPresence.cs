using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;

namespace Cairn.Web.Modules.Chat;

/// <summary>
/// Who is here, from the open hub connections every page of a member opens (<c>chat_connections</c>, on every
/// instance): a tab in use makes its person online, only idle or hidden tabs away, none offline. Pushed, never
/// polled: a connection that opens, closes or goes idle recomputes its person's state, and only a change is sent
/// (<c>Presence(user, state)</c>) to the workspace's connections. A page asks once for everyone's state when it
/// connects (<c>Presence()</c>). Rows whose instance stopped renewing them (a crash) stop counting after three
/// heartbeats and are deleted.
/// </summary>
public sealed class ChatPresence(CairnDbContext db, IHubContext<ChatHub> hub, TimeProvider clock, IOptions<ChatOptions> options, ChatBroadcaster live)
{
    /// <summary>The SignalR group of a workspace's connections (presence goes there).</summary>
    public static string WorkspaceGroup(int tenant) => $"chat:{tenant}";

    /// <summary>The SignalR group of one person's connections in a workspace (the bell's notifications go there).</summary>
    public static string PersonGroup(int tenant, Guid user) => $"chat:{tenant}:u:{user:N}";

    private DateTime Cutoff => clock.GetUtcNow().UtcDateTime.AddSeconds(-3 * options.Value.PresenceHeartbeatSeconds);

    /// <summary>The state of <paramref name="user"/> now.</summary>
    public async Task<string> StateAsync(Guid user, CancellationToken cancellationToken)
    {
        var cutoff = Cutoff;
        var away = await db.Set<ChatConnection>().Where(c => c.UserId == user && c.SeenAt > cutoff).Select(c => (bool?)c.Away).OrderBy(a => a).FirstOrDefaultAsync(cancellationToken);
        return away switch { null => Presence.Offline, false => Presence.Online, true => Presence.Away };
    }

    /// <summary>Everyone in the workspace who is not offline.</summary>
    public async Task<IReadOnlyList<PresenceView>> HereAsync(CancellationToken cancellationToken)
    {
        var cutoff = Cutoff;
        var rows = await db.Set<ChatConnection>().Where(c => c.SeenAt > cutoff && db.Memberships.Any(m => m.UserId == c.UserId))
            .GroupBy(c => c.UserId).Select(g => new { UserId = g.Key, Online = g.Any(c => !c.Away) }).Take(5_000).ToListAsync(cancellationToken);
        var ids = rows.Select(r => r.UserId).ToList();
        var people = await db.Users.Where(u => ids.Contains(u.Id)).Select(u => new ChatPerson(u.Id, u.UserName!, u.DisplayName)).ToDictionaryAsync(p => p.Id, cancellationToken);
        return [.. rows.Where(r => people.ContainsKey(r.UserId)).Select(r => new PresenceView(people[r.UserId], r.Online ? Presence.Online : Presence.Away))];
    }

    /// <summary>
    /// Runs <paramref name="change"/> to <paramref name="person"/>'s connections, and tells the workspace when it
    /// changed their state. Two changes at once on two instances may both say the same state; neither is lost.
    /// </summary>
    public async Task ChangeAsync(ChatPerson person, Func<Task> change, CancellationToken cancellationToken)
    {
        var before = await StateAsync(person.Id, cancellationToken);
        await change();
        var after = await StateAsync(person.Id, cancellationToken);
        var group = WorkspaceGroup(db.TenantFilterValue);
        if (after != before) await live.TryAsync(() => hub.Clients.Group(group).SendAsync("Presence", person, after, cancellationToken));
    }

    /// <summary>
    /// Renews this instance's <paramref name="connections"/> in this workspace, and deletes the rows nobody renews,
    /// telling of those who went offline with them. Answers the connections that have no row any more: their person
    /// left the workspace (the removal deletes them, from whichever instance it ran on), and they are to be closed.
    /// </summary>
    public async Task<IReadOnlyList<string>> HeartbeatAsync(IReadOnlyCollection<string> connections, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var gone = new List<string>();
        foreach (var chunk in connections.Chunk(500))
        {
            await db.Set<ChatConnection>().Where(c => chunk.Contains(c.ConnectionId)).ExecuteUpdateAsync(set => set.SetProperty(c => c.SeenAt, now), cancellationToken);
            var kept = await db.Set<ChatConnection>().Where(c => chunk.Contains(c.ConnectionId)).Select(c => c.ConnectionId).ToListAsync(cancellationToken);
            gone.AddRange(chunk.Except(kept));
        }

        await SweepAsync(cancellationToken);
        return gone;
    }

    /// <summary>Deletes connections no instance renewed in three heartbeats (their instance is gone), telling of those who went offline with them.</summary>
    public async Task SweepAsync(CancellationToken cancellationToken)
    {
        var cutoff = Cutoff;
        var stale = await db.Set<ChatConnection>().Where(c => c.SeenAt <= cutoff).Select(c => c.UserId).Distinct().Take(1_000).ToListAsync(cancellationToken);
        if (stale.Count == 0) return;
        await db.Set<ChatConnection>().Where(c => c.SeenAt <= cutoff).ExecuteDeleteAsync(cancellationToken);
        // Already offline to everyone (a stale row does not count); said again for pages that saw them before the crash.
        var gone = await db.Users.Where(u => stale.Contains(u.Id) && !db.Set<ChatConnection>().Any(c => c.UserId == u.Id))
            .Select(u => new ChatPerson(u.Id, u.UserName!, u.DisplayName)).ToListAsync(cancellationToken);
        var group = WorkspaceGroup(db.TenantFilterValue);
        foreach (var person in gone)
            await live.TryAsync(() => hub.Clients.Group(group).SendAsync("Presence", person, Presence.Offline, cancellationToken));
    }
}

/// <summary>
/// The hub connections open on this instance, with their workspaces and people: told to reconnect when it stops,
/// renewed by its heartbeat, and closed when their person leaves the workspace.
/// </summary>
public sealed class LocalChatConnections
{
    private readonly ConcurrentDictionary<string, (TenantInfo Workspace, Guid User, HubCallerContext Connection)> _open = new();

    public void Add(HubCallerContext connection, TenantInfo workspace, Guid user) => _open.TryAdd(connection.ConnectionId, (workspace, user, connection));

    public void Remove(string connectionId) => _open.TryRemove(connectionId, out _);

    public IReadOnlyList<string> All => [.. _open.Keys];

    /// <summary>The open connections by workspace.</summary>
    public IEnumerable<IGrouping<TenantInfo, string>> ByWorkspace() => _open.ToArray().GroupBy(p => p.Value.Workspace, p => p.Key);

    /// <summary>Closes this instance's connections of <paramref name="user"/> in workspace <paramref name="tenant"/>; how many there were.</summary>
    public int Close(int tenant, Guid user) => Close(c => c.Workspace.Id == tenant && c.User == user);

    /// <summary>Closes the connections of <paramref name="connectionIds"/> open here.</summary>
    public int Close(IReadOnlyCollection<string> connectionIds) => Close(c => connectionIds.Contains(c.Connection.ConnectionId));

    private int Close(Func<(TenantInfo Workspace, Guid User, HubCallerContext Connection), bool> which)
    {
        var closed = 0;
        foreach (var (id, open) in _open.ToArray())
        {
            if (!which(open)) continue;
            open.Connection.Abort();
            _open.TryRemove(id, out _);
            closed++;
        }

        return closed;
    }
}

/// <summary>
/// Every <see cref="ChatOptions.PresenceHeartbeatSeconds"/>, renews this instance's connections in each workspace
/// that has some (one UPDATE each), deletes the rows of instances that stopped renewing theirs, and closes its
/// connections whose rows a removal from the workspace deleted on another instance.
/// </summary>
public sealed class ChatPresenceHeartbeat(LocalChatConnections connections, WorkspaceScopes workspaces, IOptions<ChatOptions> options, ILogger<ChatPresenceHeartbeat> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.PresenceHeartbeatSeconds));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            foreach (var workspace in connections.ByWorkspace())
            {
                try
                {
                    await using var scope = workspaces.Open(workspace.Key);
                    var gone = await scope.ServiceProvider.GetRequiredService<ChatPresence>().HeartbeatAsync([.. workspace], stoppingToken);
                    if (gone.Count > 0 && connections.Close(gone) is var closed and > 0)
                        logger.LogInformation("Closed {Count} chat connection(s) of people who left workspace {Workspace}", closed, workspace.Key.Slug);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogWarning(e, "Could not renew the chat connections of workspace {Workspace}", workspace.Key.Slug);
                }
            }
        }
    }
}

/// <summary>
/// Someone removed from the workspace (or who left it) stops receiving its chat at once, on every instance: each
/// of their open connections leaves the groups of the workspace's public channels and of their conversations, its
/// presence and its bell, and the workspace sees them go offline. Their connections are then closed: here at once,
/// on other instances at their next heartbeat (until then every call they make is refused, and they hear nothing).
/// </summary>
public sealed class ChatMemberRemoval(WorkspaceScopes workspaces, ITenantContext tenantContext, IHubContext<ChatHub> hub, ChatBroadcaster live, LocalChatConnections local, ILogger<ChatMemberRemoval> logger) : Platform.Events.IDomainEventHandler<MemberRemoved>
{
    public async Task HandleAsync(MemberRemoved domainEvent, CancellationToken cancellationToken)
    {
        // A unit of work of its own: the removal's context is still closing its transaction.
        await using var scope = workspaces.Open(tenantContext.Workspace());
        var db = scope.ServiceProvider.GetRequiredService<CairnDbContext>();
        var user = domainEvent.UserId;
        var connections = await db.Set<ChatConnection>().Where(c => c.UserId == user).Select(c => c.ConnectionId).ToListAsync(cancellationToken);
        if (connections.Count == 0) return;
        var tenant = db.TenantFilterValue;
        var conversations = await db.Set<Conversation>()
            .Where(c => c.Kind == ConversationKind.Public || db.Set<ConversationMember>().Any(m => m.ConversationId == c.Id && m.UserId == user))
            .Select(c => c.Id).ToListAsync(cancellationToken);
        var groups = conversations.Select(c => ChatLog.GroupOf(tenant, c))
            .Append(ChatPresence.WorkspaceGroup(tenant)).Append(ChatPresence.PersonGroup(tenant, user)).ToList();
        // Removals of another instance's connections go through the backplane; each connection's in parallel.
        await Task.WhenAll(connections.Select(async connection =>
        {
            foreach (var group in groups) await live.TryAsync(() => hub.Groups.RemoveFromGroupAsync(connection, group, cancellationToken));
        }));
        // Their rows go: this instance closes its connections of them now, every other one at its next heartbeat.
        await db.Set<ChatConnection>().Where(c => c.UserId == user).ExecuteDeleteAsync(cancellationToken);
        local.Close(tenant, user);
        if (await db.Users.Where(u => u.Id == user).Select(u => new ChatPerson(u.Id, u.UserName!, u.DisplayName)).FirstOrDefaultAsync(cancellationToken) is { } person)
            await live.TryAsync(() => hub.Clients.Group(ChatPresence.WorkspaceGroup(tenant)).SendAsync("Presence", person, Presence.Offline, cancellationToken));
        logger.LogInformation("User {UserId} left the workspace: {Count} chat connection(s) taken out of {Groups} group(s)", user, connections.Count, groups.Count);
    }
}
