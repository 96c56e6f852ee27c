using System.Text.RegularExpressions;

namespace Cairn.Web.Modules.Chat;

/// <summary>A conversation as lists show it, with the reader's unread messages in it.</summary>
public sealed record ConversationSummary(long Id, string Kind, string Title, string Topic, bool IsMember, bool Archived, long LastSeq, long LastReadSeq, int Unread, int Mentions);

/// <summary>Creating and listing conversations, the same for pages and the API.</summary>
public sealed partial class ChatConversations(CairnDbContext db, ChatAccess access, ChatLog log, TimeProvider clock)
{
    /// <summary>Unread messages counted at most (a badge shows "99+").</summary>
    public const int MaxUnreadCounted = 99;

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]*$")]
    private static partial Regex ChannelName();

    /// <summary>Someone as chat names them, from their account.</summary>
    public Task<ChatPerson?> PersonAsync(Guid user, CancellationToken cancellationToken) =>
        db.Users.Where(u => u.Id == user).Select(u => new ChatPerson(u.Id, u.UserName!, u.DisplayName)).FirstOrDefaultAsync(cancellationToken);

    /// <summary>The member of this workspace called <paramref name="userName"/>; null for anyone else.</summary>
    public Task<ChatPerson?> MemberNamedAsync(string? userName, CancellationToken cancellationToken)
    {
        var normalized = userName?.Trim().TrimStart('@').ToUpperInvariant() ?? "";
        return db.Memberships.Where(m => m.User!.NormalizedUserName == normalized)
            .Select(m => new ChatPerson(m.UserId, m.User!.UserName!, m.User.DisplayName)).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>The conversations <paramref name="user"/> may see (public channels, and those they are in), with their unread counts; just one with <paramref name="only"/>.</summary>
    public async Task<IReadOnlyList<ConversationSummary>> ListAsync(Guid user, CancellationToken cancellationToken, long? only = null)
    {
        var visible = access.Visible(user);
        if (only is { } id) visible = visible.Where(c => c.Id == id);
        var rows = await visible
            .Select(c => new
            {
                c.Id, c.Kind, c.Name, c.Topic, c.ArchivedAt, c.LastSeq,
                Read = db.Set<ConversationMember>().Where(m => m.ConversationId == c.Id && m.UserId == user).Select(m => (long?)m.LastReadSeq).FirstOrDefault(),
            })
            .OrderBy(c => c.Kind).ThenBy(c => c.Name).ThenBy(c => c.Id).Take(500).ToListAsync(cancellationToken);
        var others = await OthersAsync(user, [.. rows.Where(c => c.Kind is ConversationKind.Direct or ConversationKind.Group).Select(c => c.Id)], cancellationToken);
        var unread = await UnreadAsync(user, cancellationToken, only);
        var mentions = await MentionsAsync(user, cancellationToken, only);
        return [.. rows.Select(c => new ConversationSummary(c.Id, c.Kind.ToString().ToLowerInvariant(), Title(c.Kind, c.Name, others[c.Id]),
            c.Topic, c.Read is not null, c.ArchivedAt is not null, c.LastSeq, c.Read ?? 0, unread.GetValueOrDefault(c.Id), mentions.GetValueOrDefault(c.Id)))];
    }

    /// <summary>The bell of <paramref name="user"/>: unread mentions in channels, unread messages in direct and group conversations.</summary>
    public async Task<BellView> BellAsync(Guid user, CancellationToken cancellationToken)
    {
        var items = new List<BellItem>();
        foreach (var c in await ListAsync(user, cancellationToken))
        {
            var direct = c.Kind is "direct" or "group";
            var count = direct ? c.Unread : c.Mentions;
            if (count > 0) items.Add(new BellItem(c.Id, c.Title, c.Mentions, direct ? c.Unread : 0, $"/chat/{c.Id}"));
        }

        return new BellView(items.Sum(i => i.Unread > 0 ? i.Unread : i.Mentions), items);
    }

    // Direct conversations are named after the others in them; channels after themselves.
    private static string Title(ConversationKind kind, string name, IEnumerable<string> others) =>
        kind is ConversationKind.Public or ConversationKind.Private ? "#" + name : !others.Any() ? "Notes to self" : string.Join(", ", others.Order());

    private async Task<ILookup<long, string>> OthersAsync(Guid user, IReadOnlyCollection<long> direct, CancellationToken cancellationToken) =>
        direct.Count == 0 ? Array.Empty<(long, string)>().ToLookup(m => m.Item1, m => m.Item2)
            : (await db.Set<ConversationMember>().Where(m => direct.Contains(m.ConversationId) && m.UserId != user)
                .Select(m => new { m.ConversationId, m.User!.DisplayName }).ToListAsync(cancellationToken))
            .ToLookup(m => m.ConversationId, m => m.DisplayName);

    /// <summary>Search results per answer at most.</summary>
    public const int MaxHits = 50;

    /// <summary>
    /// The messages of the conversations <paramref name="user"/> may read (public channels, and those they are in)
    /// that match <paramref name="query"/> (<see cref="WordSearch"/>), newest first; with <paramref name="beforeId"/>,
    /// those older than that message (the next page).
    /// </summary>
    public async Task<IReadOnlyList<ChatSearchHit>> SearchAsync(Guid user, string query, long? beforeId, CancellationToken cancellationToken)
    {
        var visible = access.Visible(user).Select(c => c.Id);
        var messages = db.Set<ChatMessage>().Where(m => m.DeletedAt == null && visible.Contains(m.ConversationId))
            .Matching(db, query, ChatMessageConfiguration.SearchVectorColumn, m => m.Text);
        if (beforeId is { } before) messages = messages.Where(m => m.Id < before);
        var rows = await messages.OrderByDescending(m => m.Id).Take(MaxHits)
            .Select(m => new { m.Id, m.ConversationId, m.Seq, m.Text, m.SentAt, m.ThreadRootId, Author = new ChatPerson(m.AuthorId, m.Author!.UserName!, m.Author.DisplayName) })
            .ToListAsync(cancellationToken);
        var ids = rows.Select(r => r.ConversationId).Distinct().ToList();
        var kinds = await db.Set<Conversation>().Where(c => ids.Contains(c.Id)).Select(c => new { c.Id, c.Kind, c.Name }).ToListAsync(cancellationToken);
        var others = await OthersAsync(user, [.. kinds.Where(c => c.Kind is ConversationKind.Direct or ConversationKind.Group).Select(c => c.Id)], cancellationToken);
        var titles = kinds.ToDictionary(c => c.Id, c => Title(c.Kind, c.Name, others[c.Id]));
        return [.. rows.Select(r => new ChatSearchHit(r.Id, r.ConversationId, titles.GetValueOrDefault(r.ConversationId, ""), r.Seq, r.Author, ChatLog.Excerpt(r.Text), r.SentAt, r.ThreadRootId,
            r.ThreadRootId is { } root ? $"/chat/{r.ConversationId}?thread={root}#message-{r.Id}" : $"/chat/{r.ConversationId}?message={r.Id}"))];
    }

    /// <summary>The chat settings of <paramref name="user"/> here (the defaults when they never changed them).</summary>
    public async Task<ChatMemberSettings> SettingsAsync(Guid user, CancellationToken cancellationToken) =>
        await db.Set<ChatMemberSettings>().AsNoTracking().FirstOrDefaultAsync(s => s.UserId == user, cancellationToken) ?? new ChatMemberSettings { UserId = user };

    /// <summary>Saves the chat settings of <paramref name="user"/> here.</summary>
    public async Task SaveSettingsAsync(Guid user, bool shareReadReceipts, bool emailMissed, CancellationToken cancellationToken)
    {
        if (await db.Set<ChatMemberSettings>().AnyAsync(s => s.UserId == user, cancellationToken))
        {
            await db.Set<ChatMemberSettings>().Where(s => s.UserId == user).ExecuteUpdateAsync(set => set
                .SetProperty(s => s.ShareReadReceipts, shareReadReceipts).SetProperty(s => s.EmailMissed, emailMissed), cancellationToken);
            return;
        }

        try
        {
            db.Add(new ChatMemberSettings { UserId = user, ShareReadReceipts = shareReadReceipts, EmailMissed = emailMissed });
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (UniqueViolations.Is(e))
        {
            db.ChangeTracker.Clear(); // made at the same moment (a missed-email run): write over it
            await SaveSettingsAsync(user, shareReadReceipts, emailMissed, cancellationToken);
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    /// <summary>
    /// The members of a conversation (at most 500), with whether each lets others see what they have read and how
    /// far they have (for "seen by" in direct and group conversations).
    /// </summary>
    public async Task<IReadOnlyList<(ChatPerson Person, long? SeenUpTo)>> MembersAsync(long conversation, CancellationToken cancellationToken) =>
        [.. (await db.Set<ConversationMember>().Where(m => m.ConversationId == conversation)
                .OrderBy(m => m.User!.DisplayName).Take(500)
                .Select(m => new
                {
                    Person = new ChatPerson(m.UserId, m.User!.UserName!, m.User.DisplayName), m.LastReadSeq,
                    Hidden = db.Set<ChatMemberSettings>().Any(s => s.UserId == m.UserId && !s.ShareReadReceipts),
                })
                .ToListAsync(cancellationToken))
            .Select(m => (m.Person, m.Hidden ? null : (long?)m.LastReadSeq))];

    /// <summary>Per conversation <paramref name="user"/> is in: the messages by others after their read marker, not deleted (up to <see cref="MaxUnreadCounted"/>).</summary>
    public async Task<Dictionary<long, int>> UnreadAsync(Guid user, CancellationToken cancellationToken, long? only = null) =>
        (await db.Set<ConversationMember>().Where(m => m.UserId == user && (only == null || m.ConversationId == only))
            .Select(m => new
            {
                m.ConversationId,
                // Counted up to the badge's "99+" only, however much is unread.
                Count = db.Set<ChatMessage>().Where(x => x.ConversationId == m.ConversationId && x.Seq > m.LastReadSeq && x.AuthorId != user && x.DeletedAt == null)
                    .Take(MaxUnreadCounted).Count(),
            })
            .ToListAsync(cancellationToken)).ToDictionary(x => x.ConversationId, x => Math.Min(x.Count, MaxUnreadCounted));

    /// <summary>Per conversation <paramref name="user"/> is in: the messages naming them after their read marker, not deleted.</summary>
    public async Task<Dictionary<long, int>> MentionsAsync(Guid user, CancellationToken cancellationToken, long? only = null) =>
        (await db.Set<ConversationMember>().Where(m => m.UserId == user && (only == null || m.ConversationId == only))
            .Select(m => new
            {
                m.ConversationId,
                Count = db.Set<ChatMention>().Count(x => x.UserId == user && x.ConversationId == m.ConversationId && x.Seq > m.LastReadSeq
                    && db.Set<ChatMessage>().Any(message => message.Id == x.MessageId && message.DeletedAt == null)),
            })
            .ToListAsync(cancellationToken)).Where(x => x.Count > 0).ToDictionary(x => x.ConversationId, x => Math.Min(x.Count, MaxUnreadCounted));

    /// <summary>A new channel named <paramref name="name"/> (lower case letters, digits, - and _), with its creator in it.</summary>
    public async Task<(Conversation? Channel, string? Problem)> CreateChannelAsync(ChatPerson creator, string? name, string? topic, bool isPrivate, CancellationToken cancellationToken)
    {
        name = name?.Trim().TrimStart('#').ToLowerInvariant() ?? "";
        topic = topic?.Trim() ?? "";
        if (name.Length is 0 or > Conversation.MaxNameLength || !ChannelName().IsMatch(name))
            return (null, $"Name the channel with 1 to {Conversation.MaxNameLength} lower-case letters, digits, - or _ (like design-team).");
        if (topic.Length > Conversation.MaxTopicLength) return (null, $"A topic may be at most {Conversation.MaxTopicLength} characters long.");
        if (await access.CannotCreateAsync(creator.Id, cancellationToken) is { } refusal) return (null, refusal);
        if (await db.Set<Conversation>().AnyAsync(c => c.Name == name, cancellationToken)) return (null, $"There is a channel named #{name} already.");
        var channel = new Conversation
        {
            Kind = isPrivate ? ConversationKind.Private : ConversationKind.Public, Name = name, Topic = topic,
            CreatedById = creator.Id, CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        if (!await TryAddAsync(channel, cancellationToken)) return (null, $"There is a channel named #{name} already.");
        await log.JoinAsync(channel, creator, cancellationToken);
        return (channel, null);
    }

    /// <summary>The direct conversation of <paramref name="starter"/> with <paramref name="userNames"/> (found again if it exists).</summary>
    public async Task<(Conversation? Direct, string? Problem)> DirectAsync(ChatPerson starter, IReadOnlyCollection<string> userNames, CancellationToken cancellationToken)
    {
        if (await access.CannotCreateAsync(starter.Id, cancellationToken) is { } refusal) return (null, refusal);
        var names = userNames.Select(n => n.Trim()).Where(n => n.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (names.Count + 1 > Conversation.MaxGroupMembers) return (null, $"A group conversation has at most {Conversation.MaxGroupMembers} people.");
        var upper = names.Select(n => n.ToUpperInvariant()).ToList();
        // Only members of this workspace: a name from elsewhere is as unknown as a made-up one.
        var people = await db.Memberships.Where(m => upper.Contains(m.User!.NormalizedUserName!))
            .Select(m => new ChatPerson(m.UserId, m.User!.UserName!, m.User.DisplayName)).ToListAsync(cancellationToken);
        if (people.Count != names.Count)
        {
            var unknown = names.Where(n => !people.Any(p => string.Equals(p.UserName, n, StringComparison.OrdinalIgnoreCase)));
            return (null, $"No member here is called {string.Join(", ", unknown)}.");
        }

        var everyone = people.Where(p => p.Id != starter.Id).Prepend(starter).ToList();
        var key = Conversation.KeyOf(everyone.Select(p => p.Id));
        if (await db.Set<Conversation>().AsNoTracking().FirstOrDefaultAsync(c => c.DirectKey == key, cancellationToken) is { } existing) return (existing, null);
        var direct = new Conversation
        {
            Kind = everyone.Count <= 2 ? ConversationKind.Direct : ConversationKind.Group, DirectKey = key,
            CreatedById = starter.Id, CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        if (!await TryAddAsync(direct, cancellationToken))
            return (await db.Set<Conversation>().AsNoTracking().FirstAsync(c => c.DirectKey == key, cancellationToken), null);
        foreach (var person in everyone) await log.JoinAsync(direct, person, cancellationToken);
        return (direct, null);
    }

    // Stores a new conversation; false when a unique index refused it (the same one made at the same moment).
    private async Task<bool> TryAddAsync(Conversation conversation, CancellationToken cancellationToken)
    {
        try
        {
            db.Add(conversation);
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException e) when (UniqueViolations.Is(e))
        {
            return false;
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }
}
