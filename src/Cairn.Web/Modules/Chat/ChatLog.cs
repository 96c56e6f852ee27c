using System.Text.Json;
using Microsoft.AspNetCore.SignalR;

namespace Cairn.Web.Modules.Chat;

/// <summary>
/// The one writer of conversations' sequences. An event is stored before it is broadcast, in one transaction with
/// the next number of its conversation, which a single <c>UPDATE … RETURNING</c> takes under the conversation's
/// row lock: numbers are gap-free under any concurrency, and a rolled-back send gives its number back. Broadcasts
/// go after the commit, to the conversation's SignalR group (on every instance, through the Redis backplane when it
/// is configured); a client that finds a gap, or reconnects, asks for the events after the last number it saw.
/// </summary>
public sealed partial class ChatLog(CairnDbContext db, MarkdownRenderer markdown, TimeProvider clock, IHubContext<ChatHub> hub, ChatSendBatcher batcher, ITenantContext tenant, ChatBroadcaster live, ChatAttachments attachments)
{
    /// <summary>Events answered at most per catch-up; the client asks again from the last one.</summary>
    public const int MaxEventsPerAnswer = 500;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The SignalR group of a conversation's live events.</summary>
    public static string GroupOf(int tenant, long conversation) => $"chat:{tenant}:{conversation}";

    /// <summary>
    /// Stores a message, or finds the one this sender already stored under <paramref name="clientMessageId"/> (a
    /// retry after a lost answer: stored once, answered the same). Null with a reason for text it will not take.
    /// </summary>
    public async Task<(ChatEventView? Sent, string? Problem)> SendAsync(Conversation conversation, ChatPerson author, string? text, string? clientMessageId, CancellationToken cancellationToken, long? threadRootId = null)
    {
        if (threadRootId is { } root && !await db.Set<ChatMessage>().AnyAsync(m => m.Id == root && m.ConversationId == conversation.Id && m.ThreadRootId == null && m.DeletedAt == null, cancellationToken))
            return (null, "Reply to a message of this conversation that is not itself a reply.");
        text = text?.Trim() ?? "";
        clientMessageId = clientMessageId?.Trim() ?? "";
        if (text.Length == 0) return (null, "Write something first.");
        if (text.Length > ChatMessage.MaxTextLength) return (null, $"A message may be at most {ChatMessage.MaxTextLength:N0} characters long.");
        if (clientMessageId.Length is 0 or > ChatMessage.MaxClientIdLength) return (null, $"Give the message an id of your own of 1 to {ChatMessage.MaxClientIdLength} characters.");
        // A retry of a stored message is found by the unique index on (conversation, author, client message id):
        // its insert fails below, and the stored one is answered; the first try costs no extra query.
        var rendered = markdown.Render(text, cancellationToken);
        if (rendered.Problem is { } problem) return (null, problem);

        var now = clock.GetUtcNow().UtcDateTime;
        // The common case, a plain message in a channel (no thread, no mention, nobody to notify), is written with
        // others sent at the same moment (group commit); anything else, or a batch that failed, goes on here.
        if (threadRootId is null && conversation.IsChannel && Batchable(text, clientMessageId)
            && await batcher.SendAsync(tenant.Workspace(), conversation.Id, author, text, rendered.Html, clientMessageId, now, cancellationToken) is { } batched)
            return (batched, null);

        ChatEventView sent;
        IReadOnlyList<Guid> mentioned;
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            if (await NextSeqAsync(conversation.Id, openOnly: true, cancellationToken) is not { } seq) return (null, Archived);
            var message = new ChatMessage
            {
                ConversationId = conversation.Id, Seq = seq, AuthorId = author.Id, ClientMessageId = clientMessageId,
                Text = text, Html = rendered.Html, SentAt = now, ThreadRootId = threadRootId,
            };
            db.Add(message);
            await db.SaveChangesAsync(cancellationToken);
            await attachments.LinkAsync(message, cancellationToken);
            if (threadRootId is { } replyTo)
                await db.Set<ChatMessage>().Where(m => m.Id == replyTo).ExecuteUpdateAsync(set => set.SetProperty(m => m.ReplyCount, m => m.ReplyCount + 1), cancellationToken);
            (mentioned, var everyone) = await MentionAsync(message, text, cancellationToken);
            sent = new ChatEventView(conversation.Id, seq, ChatEventView.Message, now, message.Id, clientMessageId, author, text, rendered.Html, now,
                ThreadRootId: threadRootId, Mentions: everyone || mentioned.Count == 0 ? null : mentioned, MentionsEveryone: everyone);
            db.Add(new ChatEvent { ConversationId = conversation.Id, Seq = seq, Type = sent.Type, MessageId = message.Id, Data = JsonSerializer.Serialize(sent, Json), At = now });
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (UniqueViolations.Is(e))
        {
            // Sent before (a retry after a lost answer), or twice at once: that send stored it.
            db.ChangeTracker.Clear();
            return (await StoredAsync(conversation.Id, author.Id, clientMessageId, cancellationToken), null);
        }
        finally
        {
            db.ChangeTracker.Clear();
        }

        await BroadcastAsync(sent, cancellationToken);
        await NotifyAsync(conversation, sent, mentioned, cancellationToken);
        return (sent, null);
    }

    /// <summary>
    /// The hub's quick way for a plain message (no thread, no mention) in a channel: stored with others sent at the
    /// same moment, with who may write there asked in the transaction that writes it, so the send costs no query of
    /// its own. Null when the message cannot go this way or was not written: <see cref="SendAsync"/>, after the access
    /// checks, then refuses it with the reason, stores it, or answers the one stored before under its client message id.
    /// </summary>
    public async Task<ChatEventView?> TrySendPlainAsync(long conversationId, ChatPerson author, string? text, string? clientMessageId, CancellationToken cancellationToken)
    {
        text = text?.Trim() ?? "";
        clientMessageId = clientMessageId?.Trim() ?? "";
        if (!Batchable(text, clientMessageId)) return null;
        var rendered = markdown.Render(text, cancellationToken);
        if (rendered.Problem is not null) return null;
        return await batcher.SendAsync(tenant.Workspace(), conversationId, author, text, rendered.Html, clientMessageId, clock.GetUtcNow().UtcDateTime, cancellationToken);
    }

    // What group commit takes: a valid message that names nobody (a mention notifies) and sends no file (which it
    // links); the batch does neither.
    private static bool Batchable(string text, string clientMessageId) =>
        text.Length is > 0 and <= ChatMessage.MaxTextLength && clientMessageId.Length is > 0 and <= ChatMessage.MaxClientIdLength
        && !text.Contains('@', StringComparison.Ordinal) && !ChatAttachments.LinksAFile(text);

    /// <summary>Excerpts in notifications are at most this long.</summary>
    public const int ExcerptLength = 140;

    /// <summary>Cuts <paramref name="text"/> to an excerpt of at most <see cref="ExcerptLength"/> characters, on one line.</summary>
    public static string Excerpt(string text)
    {
        var line = string.Join(' ', text.Split((char[])['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries)).Trim();
        return line.Length <= ExcerptLength ? line : line[..(ExcerptLength - 1)].TrimEnd() + "…";
    }

    // The bell of each member a new message is for: those it names, and everyone else in a direct or group
    // conversation; only while they are members of the workspace.
    private async Task NotifyAsync(Conversation conversation, ChatEventView sent, IReadOnlyList<Guid> mentioned, CancellationToken cancellationToken)
    {
        var direct = !conversation.IsChannel;
        var recipients = direct
            ? await db.Set<ConversationMember>().Where(m => m.ConversationId == conversation.Id && m.UserId != sent.Author!.Id).Select(m => m.UserId).ToListAsync(cancellationToken)
            : [.. mentioned];
        if (recipients.Count == 0) return;
        recipients = await db.Memberships.Where(m => recipients.Contains(m.UserId)).Select(m => m.UserId).ToListAsync(cancellationToken);
        var tenant = db.TenantFilterValue;
        var link = sent.ThreadRootId is { } root ? $"/chat/{conversation.Id}?thread={root}" : $"/chat/{conversation.Id}?message={sent.Id}";
        var title = conversation.IsChannel ? "#" + conversation.Name : conversation.Kind == ConversationKind.Direct ? "Direct message" : "Group conversation";
        var notification = new ChatNotification(direct ? "direct" : "mention",
            conversation.Id, title, sent.Seq, sent.Id!.Value, sent.Author!, Excerpt(sent.Text ?? ""), link);
        foreach (var chunk in recipients.Chunk(200))
            await live.TryAsync(() => hub.Clients.Groups([.. chunk.Select(r => ChatPresence.PersonGroup(tenant, r))]).SendAsync("Notification", notification, cancellationToken));
    }

    /// <summary>
    /// Changes a message's text (<paramref name="text"/>) or deletes it (null), as the next event of its conversation.
    /// A deletion also takes the text out of the events that carried it, so nobody catching up reads it again.
    /// </summary>
    public async Task<(ChatEventView? Changed, string? Problem)> ChangeAsync(ChatMessage message, string? text, CancellationToken cancellationToken)
    {
        if (message.DeletedAt is not null) return (null, "This message was deleted.");
        MarkdownResult rendered = default;
        if (text is not null)
        {
            text = text.Trim();
            if (text.Length == 0) return (null, "Write something, or delete the message.");
            if (text.Length > ChatMessage.MaxTextLength) return (null, $"A message may be at most {ChatMessage.MaxTextLength:N0} characters long.");
            rendered = markdown.Render(text, cancellationToken);
            if (rendered.Problem is { } problem) return (null, problem);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        ChatEventView changed;
        IReadOnlyList<string> gone = [];
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            // An edit, like a message, waits for the conversation to be taken out of the archive; a deletion does not.
            if (await NextSeqAsync(message.ConversationId, openOnly: text is not null, cancellationToken) is not { } seq) return (null, Archived);
            var row = await db.Set<ChatMessage>().FirstAsync(m => m.Id == message.Id, cancellationToken);
            if (text is null)
            {
                gone = await attachments.ForgetLinkedAsync(row, cancellationToken);
                row.Text = "";
                row.Html = "";
                row.DeletedAt = now;
                changed = new ChatEventView(message.ConversationId, seq, ChatEventView.Delete, now, message.Id, Deleted: true);
                foreach (var earlier in await db.Set<ChatEvent>().Where(e => e.MessageId == message.Id).ToListAsync(cancellationToken))
                    earlier.Data = JsonSerializer.Serialize(JsonSerializer.Deserialize<ChatEventView>(earlier.Data, Json)! with { Text = null, Html = null, Deleted = true }, Json);
            }
            else
            {
                row.Text = text;
                row.Html = rendered.Html;
                row.EditedAt = now;
                await attachments.LinkAsync(row, cancellationToken);
                await db.Set<ChatMention>().Where(m => m.MessageId == message.Id).ExecuteDeleteAsync(cancellationToken);
                var (mentioned, everyone) = await MentionAsync(row, text, cancellationToken);
                changed = new ChatEventView(message.ConversationId, seq, ChatEventView.Edit, now, message.Id, Text: text, Html: rendered.Html, EditedAt: now,
                    Mentions: everyone || mentioned.Count == 0 ? null : mentioned, MentionsEveryone: everyone);
            }

            db.Add(new ChatEvent { ConversationId = message.ConversationId, Seq = seq, Type = changed.Type, MessageId = message.Id, Data = JsonSerializer.Serialize(changed, Json), At = now });
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            db.ChangeTracker.Clear();
        }

        ChatAttachments.DeleteFiles(gone);
        await BroadcastAsync(changed, cancellationToken);
        return (changed, null);
    }

    /// <summary>
    /// Adds (<paramref name="on"/>) or takes back <paramref name="person"/>'s <paramref name="emoji"/> on a message, as
    /// the next event of its conversation; null when nothing changed (already so: a retry changes nothing; or the
    /// conversation was archived a moment before).
    /// </summary>
    public async Task<ChatEventView?> ReactAsync(ChatMessage message, ChatPerson person, string emoji, bool on, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        ChatEventView reacted;
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            // Like a message, a reaction lands before an archive or not at all (nothing changed).
            if (await NextSeqAsync(message.ConversationId, openOnly: true, cancellationToken) is not { } seq) return null;
            var mine = db.Set<ChatReaction>().Where(r => r.MessageId == message.Id && r.UserId == person.Id && r.Emoji == emoji);
            if (on)
            {
                if (await mine.AnyAsync(cancellationToken)) return null;
                db.Add(new ChatReaction { MessageId = message.Id, UserId = person.Id, Emoji = emoji, At = now });
            }
            else if (await mine.ExecuteDeleteAsync(cancellationToken) == 0) return null;

            reacted = new ChatEventView(message.ConversationId, seq, ChatEventView.Reaction, now, message.Id, Member: person, Emoji: emoji, Added: on);
            db.Add(new ChatEvent { ConversationId = message.ConversationId, Seq = seq, Type = reacted.Type, MessageId = message.Id, Data = JsonSerializer.Serialize(reacted, Json), At = now });
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (UniqueViolations.Is(e))
        {
            return null; // the same reaction from another request at the same moment
        }
        finally
        {
            db.ChangeTracker.Clear();
        }

        await BroadcastAsync(reacted, cancellationToken);
        return reacted;
    }

    /// <summary>Per message of <paramref name="messages"/>: its reactions, each emoji with how many and whether <paramref name="reader"/> is among them.</summary>
    public async Task<Dictionary<long, List<(string Emoji, int Count, bool Mine)>>> ReactionsAsync(IReadOnlyCollection<long> messages, Guid reader, CancellationToken cancellationToken) =>
        (await db.Set<ChatReaction>().Where(r => messages.Contains(r.MessageId))
            .GroupBy(r => new { r.MessageId, r.Emoji })
            .Select(g => new { g.Key.MessageId, g.Key.Emoji, Count = g.Count(), Mine = g.Any(r => r.UserId == reader), First = g.Min(r => r.At) })
            .ToListAsync(cancellationToken))
        .GroupBy(r => r.MessageId)
        .ToDictionary(g => g.Key, g => g.OrderBy(r => r.First).Select(r => (r.Emoji, r.Count, r.Mine)).ToList());

    /// <summary>Adds <paramref name="person"/> to the conversation (nothing when already in), with a join event.</summary>
    public async Task JoinAsync(Conversation conversation, ChatPerson person, CancellationToken cancellationToken)
    {
        if (await db.Set<ConversationMember>().AnyAsync(m => m.ConversationId == conversation.Id && m.UserId == person.Id, cancellationToken)) return;
        try
        {
            await AppendAsync(conversation.Id, ChatEventView.Join, person, () =>
            {
                db.Add(new ConversationMember { ConversationId = conversation.Id, UserId = person.Id, LastReadSeq = conversation.LastSeq, JoinedAt = clock.GetUtcNow().UtcDateTime });
                return Task.CompletedTask;
            }, cancellationToken);
        }
        catch (DbUpdateException e) when (UniqueViolations.Is(e))
        {
            db.ChangeTracker.Clear(); // joined by another request at the same moment
        }
    }

    /// <summary>
    /// Takes <paramref name="person"/> out of the conversation, with a leave event; false when they were not in it.
    /// Unless anyone in the workspace may read it (a public channel), each of their open connections leaves its live
    /// events at once, on every instance.
    /// </summary>
    public async Task<bool> LeaveAsync(Conversation conversation, ChatPerson person, CancellationToken cancellationToken)
    {
        var left = false;
        await AppendAsync(conversation.Id, ChatEventView.Leave, person, async () =>
            left = await db.Set<ConversationMember>().Where(m => m.ConversationId == conversation.Id && m.UserId == person.Id).ExecuteDeleteAsync(cancellationToken) > 0,
            cancellationToken, onlyIf: () => left);
        if (left && conversation.Kind != ConversationKind.Public)
        {
            var connections = await db.Set<ChatConnection>().Where(c => c.UserId == person.Id).Select(c => c.ConnectionId).ToListAsync(cancellationToken);
            var group = GroupOf(db.TenantFilterValue, conversation.Id);
            foreach (var connection in connections) await live.TryAsync(() => hub.Groups.RemoveFromGroupAsync(connection, group, cancellationToken));
        }

        return left;
    }

    /// <summary>Archives a channel (nobody writes in it any more; it stays readable) or takes it out of the archive, as the next event of its sequence; false when it already was so.</summary>
    public async Task<bool> ArchiveAsync(Conversation conversation, ChatPerson person, bool archived, CancellationToken cancellationToken)
    {
        var changed = false;
        var now = clock.GetUtcNow().UtcDateTime;
        await AppendAsync(conversation.Id, archived ? ChatEventView.Archive : ChatEventView.Unarchive, person, async () =>
            changed = await db.Set<Conversation>().Where(c => c.Id == conversation.Id && (archived ? c.ArchivedAt == null : c.ArchivedAt != null))
                .ExecuteUpdateAsync(set => set.SetProperty(c => c.ArchivedAt, archived ? now : null), cancellationToken) > 0,
            cancellationToken, onlyIf: () => changed);
        return changed;
    }

    /// <summary>Where message <paramref name="message"/> of the conversation is: its sequence number, and its thread's first message for a reply.</summary>
    public async Task<(long Seq, long? ThreadRootId)?> MessageSeqAsync(long conversation, long message, CancellationToken cancellationToken) =>
        await db.Set<ChatMessage>().Where(m => m.Id == message && m.ConversationId == conversation)
            .Select(m => new { m.Seq, m.ThreadRootId }).FirstOrDefaultAsync(cancellationToken) is { } found ? (found.Seq, found.ThreadRootId) : null;

    /// <summary>Messages a history page shows at most.</summary>
    public const int MaxMessagesPerPage = 100;

    /// <summary>
    /// A conversation's messages as they stand now (not replies, which are in their threads), oldest first: the
    /// <paramref name="limit"/> before sequence number <paramref name="beforeSeq"/> (keyset paging back from the
    /// newest), or, with <paramref name="aroundSeq"/>, up to half of them before it and the rest from it on.
    /// </summary>
    public async Task<IReadOnlyList<ChatMessageView>> MessagesAsync(long conversation, Guid reader, CancellationToken cancellationToken, long? beforeSeq = null, long? aroundSeq = null, int limit = 50)
    {
        limit = Math.Clamp(limit, 1, MaxMessagesPerPage);
        var messages = db.Set<ChatMessage>().AsNoTracking().Where(m => m.ConversationId == conversation && m.ThreadRootId == null);
        List<ChatMessage> rows;
        if (aroundSeq is { } around)
        {
            var earlier = await messages.Where(m => m.Seq < around).OrderByDescending(m => m.Seq).Take(limit / 2).ToListAsync(cancellationToken);
            var later = await messages.Where(m => m.Seq >= around).OrderBy(m => m.Seq).Take(limit - earlier.Count).ToListAsync(cancellationToken);
            rows = [.. earlier.AsEnumerable().Reverse(), .. later];
        }
        else
        {
            var before = beforeSeq ?? long.MaxValue;
            rows = await messages.Where(m => m.Seq < before).OrderByDescending(m => m.Seq).Take(limit).ToListAsync(cancellationToken);
            rows.Reverse();
        }

        var ids = rows.Select(m => m.Id).ToList();
        var authors = rows.Select(m => m.AuthorId).Distinct().ToList();
        var people = await db.Users.Where(u => authors.Contains(u.Id)).Select(u => new ChatPerson(u.Id, u.UserName!, u.DisplayName)).ToDictionaryAsync(p => p.Id, cancellationToken);
        var mentions = (await db.Set<ChatMention>().Where(m => ids.Contains(m.MessageId)).Select(m => new { m.MessageId, m.UserId }).ToListAsync(cancellationToken))
            .ToLookup(m => m.MessageId, m => m.UserId);
        var reactions = await ReactionsAsync(ids, reader, cancellationToken);
        return [.. rows.Select(m => new ChatMessageView(
            new ChatEventView(conversation, m.Seq, ChatEventView.Message, m.SentAt, m.Id, m.ClientMessageId, people.GetValueOrDefault(m.AuthorId),
                m.DeletedAt is null ? m.Text : null, m.DeletedAt is null ? m.Html : null, m.SentAt, EditedAt: m.EditedAt, Deleted: m.DeletedAt is not null,
                Mentions: mentions[m.Id].Any() ? [.. mentions[m.Id]] : null),
            [.. (reactions.GetValueOrDefault(m.Id) ?? []).Select(r => new ReactionCount(r.Emoji, r.Count, r.Mine))], m.ReplyCount))];
    }

    /// <summary>The events of a conversation after <paramref name="afterSeq"/>, in order, at most <paramref name="limit"/>.</summary>
    public async Task<IReadOnlyList<ChatEventView>> EventsAfterAsync(long conversation, long afterSeq, int limit, CancellationToken cancellationToken)
    {
        var data = await db.Set<ChatEvent>().AsNoTracking().Where(e => e.ConversationId == conversation && e.Seq > afterSeq)
            .OrderBy(e => e.Seq).Take(Math.Clamp(limit, 1, MaxEventsPerAnswer)).Select(e => e.Data).ToListAsync(cancellationToken);
        return [.. data.Select(d => JsonSerializer.Deserialize<ChatEventView>(d, Json)!)];
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"(?<![\w@])@([A-Za-z0-9_.\-]{1,64})")]
    private static partial System.Text.RegularExpressions.Regex MentionPattern();

    /// <summary>Who says everyone in a conversation.</summary>
    private static readonly HashSet<string> Everyone = ["CHANNEL", "HERE", "EVERYONE"];

    // The conversation's members named in the text (the sender aside), recorded for their mention counts; or all of
    // them for @channel. Names that are nobody here mention nobody.
    private async Task<(IReadOnlyList<Guid> Mentioned, bool Everyone)> MentionAsync(ChatMessage message, string text, CancellationToken cancellationToken)
    {
        var names = MentionPattern().Matches(text).Select(m => m.Groups[1].Value.TrimEnd('.').ToUpperInvariant()).Distinct().Take(50).ToList();
        if (names.Count == 0) return ([], false);
        // @channel reaches everyone's bell (and email): in a conversation of more than EveryoneFreely members, only
        // its creator and workspace Admins may; anyone else's @channel is just text.
        var everyone = names.Any(Everyone.Contains) && await MayNameEveryoneAsync(message, cancellationToken);
        var members = db.Set<ConversationMember>().Where(m => m.ConversationId == message.ConversationId && m.UserId != message.AuthorId);
        var people = await (everyone ? members : members.Where(m => names.Contains(m.User!.NormalizedUserName!))).Select(m => m.UserId).ToListAsync(cancellationToken);
        foreach (var person in people)
            db.Add(new ChatMention { MessageId = message.Id, UserId = person, ConversationId = message.ConversationId, Seq = message.Seq });
        return (people, everyone);
    }

    /// <summary>Members a conversation may have for anyone in it to say @channel.</summary>
    public const int EveryoneFreely = 50;

    private async Task<bool> MayNameEveryoneAsync(ChatMessage message, CancellationToken cancellationToken)
    {
        if (await db.Set<ConversationMember>().Where(m => m.ConversationId == message.ConversationId).Take(EveryoneFreely + 1).CountAsync(cancellationToken) <= EveryoneFreely) return true;
        if (await db.Set<Conversation>().AnyAsync(c => c.Id == message.ConversationId && c.CreatedById == message.AuthorId, cancellationToken)) return true;
        return WorkspacePermissions.IsAdmin(await db.Memberships.Where(m => m.UserId == message.AuthorId).Select(m => (WorkspaceRole?)m.Role).FirstOrDefaultAsync(cancellationToken));
    }

    /// <summary>A thread as it stands: its first message and replies (as message events), oldest first; empty when there is no such thread.</summary>
    public async Task<IReadOnlyList<ChatEventView>> ThreadAsync(long conversation, long root, CancellationToken cancellationToken)
    {
        var data = await db.Set<ChatEvent>().AsNoTracking()
            .Where(e => e.ConversationId == conversation && e.Type == ChatEventView.Message
                && db.Set<ChatMessage>().Any(m => m.Id == e.MessageId && (m.Id == root || m.ThreadRootId == root)))
            .OrderBy(e => e.Seq).Take(1_000).Select(e => e.Data).ToListAsync(cancellationToken);
        return [.. data.Select(d => JsonSerializer.Deserialize<ChatEventView>(d, Json)!)];
    }

    /// <summary>How many replies each of <paramref name="messages"/> has.</summary>
    public async Task<Dictionary<long, int>> ReplyCountsAsync(IReadOnlyCollection<long> messages, CancellationToken cancellationToken) =>
        await db.Set<ChatMessage>().Where(m => messages.Contains(m.Id) && m.ReplyCount > 0).ToDictionaryAsync(m => m.Id, m => m.ReplyCount, cancellationToken);

    /// <summary>The last <paramref name="count"/> events of a conversation, oldest first (a page's first view).</summary>
    public async Task<IReadOnlyList<ChatEventView>> LatestAsync(long conversation, int count, CancellationToken cancellationToken)
    {
        var data = await db.Set<ChatEvent>().AsNoTracking().Where(e => e.ConversationId == conversation)
            .OrderByDescending(e => e.Seq).Take(count).Select(e => e.Data).ToListAsync(cancellationToken);
        return [.. data.Select(d => JsonSerializer.Deserialize<ChatEventView>(d, Json)!).Reverse()];
    }

    /// <summary>Moves the member's read marker forward to <paramref name="seq"/> (never back, never past the last event).</summary>
    public async Task<long?> MarkReadAsync(long conversation, Guid user, long seq, CancellationToken cancellationToken)
    {
        var last = await db.Set<Conversation>().Where(c => c.Id == conversation).Select(c => (long?)c.LastSeq).FirstOrDefaultAsync(cancellationToken);
        if (last is null) return null;
        var upTo = Math.Clamp(seq, 0, last.Value);
        var moved = await db.Set<ConversationMember>().Where(m => m.ConversationId == conversation && m.UserId == user && m.LastReadSeq < upTo)
            .ExecuteUpdateAsync(set => set.SetProperty(m => m.LastReadSeq, upTo), cancellationToken);
        if (moved > 0)
        {
            var tenant = db.TenantFilterValue;
            // The member's other tabs update their bells.
            await live.TryAsync(() => hub.Clients.Group(ChatPresence.PersonGroup(tenant, user)).SendAsync("BellChanged", cancellationToken));
            // "Seen by", in direct and group conversations, unless the reader turned it off.
            var kind = await db.Set<Conversation>().Where(c => c.Id == conversation).Select(c => c.Kind).FirstAsync(cancellationToken);
            if (kind is ConversationKind.Direct or ConversationKind.Group
                && !await db.Set<ChatMemberSettings>().AnyAsync(s => s.UserId == user && !s.ShareReadReceipts, cancellationToken)
                && await db.Users.Where(u => u.Id == user).Select(u => new ChatPerson(u.Id, u.UserName!, u.DisplayName)).FirstOrDefaultAsync(cancellationToken) is { } reader)
                await live.TryAsync(() => hub.Clients.Group(GroupOf(tenant, conversation)).SendAsync("Seen", conversation, reader, upTo, cancellationToken));
        }

        return await db.Set<ConversationMember>().Where(m => m.ConversationId == conversation && m.UserId == user)
            .Select(m => (long?)m.LastReadSeq).FirstOrDefaultAsync(cancellationToken);
    }

    private async Task<ChatEventView?> StoredAsync(long conversation, Guid author, string clientMessageId, CancellationToken cancellationToken)
    {
        var data = await db.Set<ChatMessage>().Where(m => m.ConversationId == conversation && m.AuthorId == author && m.ClientMessageId == clientMessageId)
            .Join(db.Set<ChatEvent>(), m => m.Id, e => e.MessageId, (m, e) => new { e.Seq, e.Data, e.Type })
            .Where(e => e.Type == ChatEventView.Message).Select(e => e.Data).FirstOrDefaultAsync(cancellationToken);
        return data is null ? null : JsonSerializer.Deserialize<ChatEventView>(data, Json);
    }

    // A membership event: the change and its event in one transaction, then the broadcast.
    private async Task AppendAsync(long conversation, string type, ChatPerson person, Func<Task> change, CancellationToken cancellationToken, Func<bool>? onlyIf = null)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        ChatEventView appended;
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            await change();
            if (onlyIf is not null && !onlyIf()) return;
            var seq = await NextSeqAsync(conversation, cancellationToken);
            appended = new ChatEventView(conversation, seq, type, now, Member: person);
            db.Add(new ChatEvent { ConversationId = conversation, Seq = seq, Type = type, Data = JsonSerializer.Serialize(appended, Json), At = now });
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            db.ChangeTracker.Clear();
        }

        await BroadcastAsync(appended, cancellationToken);
    }

    private const string Archived = "This conversation is archived.";

    // The conversation's next number, taken under its row lock until the transaction ends.
    private async Task<long> NextSeqAsync(long conversation, CancellationToken cancellationToken) =>
        await NextSeqAsync(conversation, openOnly: false, cancellationToken) ?? throw new InvalidOperationException($"Conversation {conversation} is not open.");

    // The same; with openOnly, null when the conversation is archived: asked under the lock that archiving takes,
    // so a message, an edit or a reaction racing an archive lands before it or not at all.
    private async Task<long?> NextSeqAsync(long conversation, bool openOnly, CancellationToken cancellationToken)
    {
        var tenant = db.TenantFilterValue;
        var anyState = !openOnly;
        var numbers = await db.Database.SqlQuery<long>(
            $"UPDATE chat_conversations SET last_seq = last_seq + 1 WHERE tenant_id = {tenant} AND id = {conversation} AND ({anyState} OR archived_at IS NULL) RETURNING last_seq AS \"Value\"")
            .ToListAsync(cancellationToken);
        if (numbers.Count == 1) return numbers[0];
        if (openOnly && await db.Set<Conversation>().AnyAsync(c => c.Id == conversation, cancellationToken)) return null;
        throw new InvalidOperationException($"Conversation {conversation} is not in this workspace.");
    }

    // False when the live copy was skipped (Redis away): the event is stored all the same.
    private Task<bool> BroadcastAsync(ChatEventView view, CancellationToken cancellationToken)
    {
        var group = GroupOf(db.TenantFilterValue, view.ConversationId);
        return live.TryAsync(() => hub.Clients.Group(group).SendAsync("Event", view, cancellationToken));
    }
}
