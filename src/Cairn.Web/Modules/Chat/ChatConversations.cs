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
        // Direct conversations are named after the others in them.
        var direct = rows.Where(c => c.Kind is ConversationKind.Direct or ConversationKind.Group).Select(c => c.Id).ToList();
        var others = (await db.Set<ConversationMember>().Where(m => direct.Contains(m.ConversationId) && m.UserId != user)
                .Select(m => new { m.ConversationId, m.User!.DisplayName }).ToListAsync(cancellationToken))
            .ToLookup(m => m.ConversationId, m => m.DisplayName);
        var unread = await UnreadAsync(user, cancellationToken, only);
        var mentions = await MentionsAsync(user, cancellationToken, only);
        return [.. rows.Select(c => new ConversationSummary(c.Id, c.Kind.ToString().ToLowerInvariant(),
            c.Kind is ConversationKind.Public or ConversationKind.Private ? "#" + c.Name : !others[c.Id].Any() ? "Notes to self" : string.Join(", ", others[c.Id].Order()),
            c.Topic, c.Read is not null, c.ArchivedAt is not null, c.LastSeq, c.Read ?? 0, unread.GetValueOrDefault(c.Id), mentions.GetValueOrDefault(c.Id)))];
    }

    /// <summary>Per conversation <paramref name="user"/> is in: the messages by others after their read marker, not deleted (up to <see cref="MaxUnreadCounted"/>).</summary>
    public async Task<Dictionary<long, int>> UnreadAsync(Guid user, CancellationToken cancellationToken, long? only = null) =>
        (await db.Set<ConversationMember>().Where(m => m.UserId == user && (only == null || m.ConversationId == only))
            .Select(m => new
            {
                m.ConversationId,
                Count = db.Set<ChatMessage>().Count(x => x.ConversationId == m.ConversationId && x.Seq > m.LastReadSeq && x.AuthorId != user && x.DeletedAt == null),
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
