using System.Collections.Concurrent;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace Cairn.Web.Modules.Chat;

/// <summary>
/// <c>/hubs/chat</c>: a signed-in member's live chat (cookie or API token; the connection belongs to the workspace of
/// its host or tenant header). Every call checks again what the caller may do. Server methods:
/// <c>Send(conversationId, text, clientMessageId)</c>, <c>Subscribe(conversationId, afterSeq)</c>,
/// <c>Typing(conversationId)</c>, <c>MarkRead(conversationId, seq)</c>. Client events: <c>Event(event)</c>,
/// <c>Typing(conversationId, user)</c>, <c>Presence(user, state)</c>, <c>Notification(notification)</c> and
/// <c>BellChanged()</c> (the bell), <c>Seen(conversationId, user, seq)</c> ("seen by"), <c>Reconnect(withinMilliseconds)</c>
/// (this instance is stopping). Every page of a member opens one connection: it is what makes them present.
/// </summary>
[Authorize(Policy = Platform.Api.CairnApi.SignedIn)]
public sealed class ChatHub(ChatAccess access, ChatLog log, ChatConversations conversations, ChatLimits limits, ChatPresence presence, LocalChatConnections local, CairnDbContext db, ITenantContext tenant, ChatBroadcaster live, TimeProvider clock) : Hub
{
    /// <summary>A member's typing is passed on at most this often per conversation.</summary>
    public static readonly TimeSpan TypingEvery = TimeSpan.FromSeconds(2);

    // Per connection and conversation, when its typing was last passed on.
    private static readonly ConcurrentDictionary<(string Connection, long Conversation), long> LastTyping = new();

    private Guid Me => Context.User?.UserId() ?? throw new HubException("Sign in first.");

    /// <summary>Stores a message and broadcasts it; answers the stored message (the same one again for a repeated client message id).</summary>
    public async Task<ChatEventView> Send(long conversationId, string text, string clientMessageId)
    {
        var counted = false;
        if (KnownChannels.ContainsKey(conversationId))
        {
            // A channel this connection sent in before (a conversation's kind never changes) takes the quick way: who
            // may write there is asked in the transaction that stores the message. Anything not written that way
            // goes the whole way below, which gives the reason.
            if (limits.RefuseSend(tenant.Workspace().Id, Me) is { } tooMany) throw new HubException(tooMany);
            counted = true;
            if (await log.TrySendPlainAsync(conversationId, await PersonAsync(), text, clientMessageId, Context.ConnectionAborted) is { } quick) return quick;
        }

        var (conversation, refusal) = await access.SendableAsync(conversationId, Me, Context.ConnectionAborted);
        if (conversation is null || refusal is not null)
        {
            KnownChannels.TryRemove(conversationId, out _);
            throw new HubException(refusal ?? "No such conversation.");
        }

        if (!counted && limits.RefuseSend(conversation.TenantId, Me) is { } overBudget) throw new HubException(overBudget);
        if (conversation.IsChannel && KnownChannels.Count < 256) KnownChannels.TryAdd(conversationId, true);
        var (sent, problem) = await log.SendAsync(conversation, await PersonAsync(), text, clientMessageId, Context.ConnectionAborted);
        return sent ?? throw new HubException(problem);
    }

    private const string KnownChannelsKey = "chat:channels";

    // The channels this connection sent in: only their kind is relied on, which never changes.
    private ConcurrentDictionary<long, bool> KnownChannels =>
        Context.Items.TryGetValue(KnownChannelsKey, out var known) && known is ConcurrentDictionary<long, bool> channels
            ? channels
            : (ConcurrentDictionary<long, bool>)(Context.Items[KnownChannelsKey] = new ConcurrentDictionary<long, bool>());

    /// <summary>Sends a reply in the thread of message <paramref name="rootMessageId"/>; the same as <see cref="Send"/> otherwise.</summary>
    public async Task<ChatEventView> Reply(long conversationId, long rootMessageId, string text, string clientMessageId)
    {
        var (conversation, refusal) = await access.SendableAsync(conversationId, Me, Context.ConnectionAborted);
        if (conversation is null) throw new HubException("No such conversation.");
        if (refusal is not null) throw new HubException(refusal);
        if (limits.RefuseSend(conversation.TenantId, Me) is { } tooMany) throw new HubException(tooMany);
        var (sent, problem) = await log.SendAsync(conversation, await PersonAsync(), text, clientMessageId, Context.ConnectionAborted, rootMessageId);
        return sent ?? throw new HubException(problem);
    }

    /// <summary>Changes the text of one of the caller's messages; answers the edit event.</summary>
    public Task<ChatEventView> Edit(long messageId, string text) => ChangeAsync(messageId, text ?? "");

    /// <summary>Deletes a message (the caller's own, or any as a workspace Admin); answers the delete event.</summary>
    public Task<ChatEventView> Delete(long messageId) => ChangeAsync(messageId, null);

    /// <summary>Adds (<paramref name="on"/>) or takes back the caller's <paramref name="emoji"/> on a message; answers the reaction event, or null when it was already so.</summary>
    public async Task<ChatEventView?> React(long messageId, string emoji, bool on)
    {
        if (!ChatReaction.IsEmoji(emoji)) throw new HubException("React with one emoji.");
        var (message, conversation, refusal) = await access.ReactableAsync(messageId, Me, Context.ConnectionAborted);
        if (message is null || conversation is null) throw new HubException("No such message.");
        if (refusal is not null) throw new HubException(refusal);
        if (limits.RefuseSend(conversation.TenantId, Me) is { } tooMany) throw new HubException(tooMany);
        return await log.ReactAsync(message, await PersonAsync(), emoji, on, Context.ConnectionAborted);
    }

    private async Task<ChatEventView> ChangeAsync(long messageId, string? text)
    {
        var (message, conversation, refusal) = await access.ChangeableAsync(messageId, Me, deleting: text is null, Context.ConnectionAborted);
        if (message is null || conversation is null) throw new HubException("No such message.");
        if (refusal is not null) throw new HubException(refusal);
        if (limits.RefuseSend(conversation.TenantId, Me) is { } tooMany) throw new HubException(tooMany);
        var (changed, problem) = await log.ChangeAsync(message, text, Context.ConnectionAborted);
        return changed ?? throw new HubException(problem);
    }

    /// <summary>
    /// Subscribes this connection to the conversation's live events and answers the events after
    /// <paramref name="afterSeq"/> (at most <see cref="ChatLog.MaxEventsPerAnswer"/>; ask again from the last one when
    /// that many come). The subscription comes first, so nothing falls between the answer and the live events; an
    /// event may arrive both ways, and clients keep each sequence number once.
    /// </summary>
    public async Task<IReadOnlyList<ChatEventView>> Subscribe(long conversationId, long afterSeq)
    {
        var conversation = await access.ReadableAsync(conversationId, Me, Context.ConnectionAborted) ?? throw new HubException("No such conversation.");
        if (limits.RefuseRead(conversation.TenantId, Me) is { } tooMany) throw new HubException(tooMany);
        var group = ChatLog.GroupOf(conversation.TenantId, conversation.Id);
        if (!await live.TryAsync(() => Groups.AddToGroupAsync(Context.ConnectionId, group, Context.ConnectionAborted)))
        {
            // Live delivery is away (Redis): answer what is stored, then close, so that the client comes back (at a
            // random moment) and subscribes again when it can.
            var stored = await log.EventsAfterAsync(conversation.Id, Math.Max(0, afterSeq), ChatLog.MaxEventsPerAnswer, Context.ConnectionAborted);
            _ = Task.Delay(TimeSpan.FromSeconds(1)).ContinueWith(_ => Context.Abort(), TaskScheduler.Default);
            return stored;
        }

        // Asked again after joining the group: a removal that committed meanwhile is seen here, or took this
        // connection out of the group after it was added.
        if (conversation.Kind != ConversationKind.Public && !await access.IsMemberAsync(conversation.Id, Me, Context.ConnectionAborted))
        {
            await live.TryAsync(() => Groups.RemoveFromGroupAsync(Context.ConnectionId, group, Context.ConnectionAborted));
            throw new HubException("No such conversation.");
        }

        return await log.EventsAfterAsync(conversation.Id, Math.Max(0, afterSeq), ChatLog.MaxEventsPerAnswer, Context.ConnectionAborted);
    }

    /// <summary>Tells the conversation's other members that the caller is typing; never stored, passed on at most every two seconds.</summary>
    public async Task Typing(long conversationId)
    {
        var now = clock.GetUtcNow().UtcTicks;
        var key = (Context.ConnectionId, conversationId);
        if (LastTyping.TryGetValue(key, out var last) && now - last < TypingEvery.Ticks) return;
        if (limits.RefuseRead(tenant.Workspace().Id, Me) is not null) return; // typing in many conversations at once
        var conversation = await access.ReadableAsync(conversationId, Me, Context.ConnectionAborted);
        if (conversation is null || await access.CannotSendAsync(conversation, Me, Context.ConnectionAborted) is not null) return;
        LastTyping[key] = now;
        var person = await PersonAsync();
        await live.TryAsync(() => Clients.OthersInGroup(ChatLog.GroupOf(conversation.TenantId, conversation.Id)).SendAsync("Typing", conversationId, person, Context.ConnectionAborted));
    }

    /// <summary>Moves the caller's read marker in the conversation forward to <paramref name="seq"/>; answers where it stands.</summary>
    public async Task<long> MarkRead(long conversationId, long seq)
    {
        var conversation = await access.ReadableAsync(conversationId, Me, Context.ConnectionAborted) ?? throw new HubException("No such conversation.");
        return await log.MarkReadAsync(conversation.Id, Me, seq, Context.ConnectionAborted) ?? 0;
    }

    /// <summary>
    /// The messages of a conversation as they stand now, the <see cref="ChatLog.MaxMessagesPerPage"/> (at most) before
    /// sequence number <paramref name="beforeSeq"/>, oldest first: paging back through history.
    /// </summary>
    public async Task<IReadOnlyList<ChatMessageView>> History(long conversationId, long beforeSeq)
    {
        var conversation = await access.ReadableAsync(conversationId, Me, Context.ConnectionAborted) ?? throw new HubException("No such conversation.");
        if (limits.RefuseRead(conversation.TenantId, Me) is { } tooMany) throw new HubException(tooMany);
        return await log.MessagesAsync(conversation.Id, Me, Context.ConnectionAborted, beforeSeq: beforeSeq, limit: 50);
    }

    /// <summary>Everyone in the workspace who is online or away now (asked once when a page connects; changes come as <c>Presence</c>).</summary>
    public async Task<IReadOnlyList<PresenceView>> Presence()
    {
        await MemberAsync();
        if (limits.RefuseRead(tenant.Workspace().Id, Me) is { } tooMany) throw new HubException(tooMany);
        return await presence.HereAsync(Context.ConnectionAborted);
    }

    /// <summary>This tab is idle or hidden (<paramref name="away"/>), or in use again.</summary>
    public async Task SetAway(bool away)
    {
        // A budget of its own (each change goes to the whole workspace): toggling cannot flood it with presence.
        if (limits.RefusePresence(tenant.Workspace().Id, Me) is not null) return;
        await MemberAsync();
        var id = Context.ConnectionId;
        await presence.ChangeAsync(await PersonAsync(), () =>
            db.Set<ChatConnection>().Where(c => c.ConnectionId == id && c.Away != away).ExecuteUpdateAsync(set => set.SetProperty(c => c.Away, away), Context.ConnectionAborted),
            Context.ConnectionAborted);
    }

    /// <summary>The caller's bell: unread mentions and direct messages, and where they are.</summary>
    public async Task<BellView> Bell()
    {
        await MemberAsync();
        if (limits.RefuseRead(tenant.Workspace().Id, Me) is { } tooMany) throw new HubException(tooMany);
        return await conversations.BellAsync(Me, Context.ConnectionAborted);
    }

    /// <summary>
    /// Remembers whose this connection is (a removal from a conversation takes it out of the group), joins the
    /// workspace's presence and the member's own notifications, and tells the workspace when its person came online.
    /// </summary>
    public override async Task OnConnectedAsync()
    {
        var workspace = tenant.Workspace();
        // Members only: someone signed in who is not (or no longer) a member here hears nothing of it.
        if (!WorkspacePermissions.CanRead(await access.RoleAsync(Me, Context.ConnectionAborted))) throw new HubException("You are not a member of this workspace.");
        var person = await PersonAsync();
        var now = clock.GetUtcNow().UtcDateTime;
        // The groups first: once the connection is recorded, it hears its presence and its notifications.
        await live.TryAsync(() => Groups.AddToGroupAsync(Context.ConnectionId, ChatPresence.WorkspaceGroup(workspace.Id), Context.ConnectionAborted));
        await live.TryAsync(() => Groups.AddToGroupAsync(Context.ConnectionId, ChatPresence.PersonGroup(workspace.Id, person.Id), Context.ConnectionAborted));
        await presence.ChangeAsync(person, async () =>
        {
            db.Add(new ChatConnection { ConnectionId = Context.ConnectionId, UserId = person.Id, ConnectedAt = now, SeenAt = now });
            await db.SaveChangesAsync(Context.ConnectionAborted);
            db.ChangeTracker.Clear();
        }, Context.ConnectionAborted);
        local.Add(Context, workspace, person.Id);
        await base.OnConnectedAsync();
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        foreach (var key in LastTyping.Keys.Where(k => k.Connection == Context.ConnectionId)) LastTyping.TryRemove(key, out _);
        local.Remove(Context.ConnectionId);
        var id = Context.ConnectionId;
        if (await conversations.PersonAsync(Me, CancellationToken.None) is { } person)
            await presence.ChangeAsync(person, () => db.Set<ChatConnection>().Where(c => c.ConnectionId == id).ExecuteDeleteAsync(CancellationToken.None), CancellationToken.None);
        else await db.Set<ChatConnection>().Where(c => c.ConnectionId == id).ExecuteDeleteAsync(CancellationToken.None);
        await base.OnDisconnectedAsync(exception);
    }

    // The caller, while they are a member of this workspace (someone removed keeps an open connection until it closes).
    private async Task MemberAsync()
    {
        if (!WorkspacePermissions.CanRead(await access.RoleAsync(Me, Context.ConnectionAborted))) throw new HubException("You are not a member of this workspace.");
    }

    private const string PersonKey = "chat:person";

    // The caller as events name them: read once per connection (a new name shows from their next connection).
    private async Task<ChatPerson> PersonAsync()
    {
        if (Context.Items.TryGetValue(PersonKey, out var known) && known is ChatPerson person && person.Id == Me) return person;
        person = await conversations.PersonAsync(Me, Context.ConnectionAborted) ?? throw new HubException("Sign in first.");
        Context.Items[PersonKey] = person;
        return person;
    }
}
