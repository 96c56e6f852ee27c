namespace Cairn.Web.Modules.Chat;

/// <summary>What kind of conversation: a channel anyone in the workspace may find, one by invitation, or a direct one.</summary>
public enum ConversationKind
{
    /// <summary>A channel every member of the workspace may find, read and join.</summary>
    Public = 0,

    /// <summary>A channel its members invite others to; invisible to everyone else.</summary>
    Private = 1,

    /// <summary>Two people (or one, with themselves).</summary>
    Direct = 2,

    /// <summary>A few people, without a name.</summary>
    Group = 3,
}

/// <summary>
/// A conversation of a workspace. Every event in it (a message, an edit, a join) gets the next number of its
/// sequence, <see cref="LastSeq"/>, assigned in the database under a row lock, so the numbers have no gaps and a
/// client that saw up to n asks for what came after n.
/// </summary>
public sealed class Conversation : ITenantOwned
{
    public const int MaxNameLength = 80;
    public const int MaxTopicLength = 250;

    /// <summary>People in a group conversation, its starter included.</summary>
    public const int MaxGroupMembers = 9;

    public long Id { get; set; }
    public int TenantId { get; set; }
    public ConversationKind Kind { get; set; }

    /// <summary>A channel's name, lower case (<c>general</c>); empty for direct conversations.</summary>
    public string Name { get; set; } = "";

    public string Topic { get; set; } = "";
    public Guid CreatedById { get; set; }
    public DateTime CreatedAt { get; set; } = DateTime.UtcNow;
    public DateTime? ArchivedAt { get; set; }

    /// <summary>The sequence number of its last event; written only by <see cref="ChatLog"/>'s one SQL statement.</summary>
    public long LastSeq { get; set; }

    /// <summary>Direct and group conversations: their people's ids, sorted, so that the same people find the same conversation.</summary>
    public string? DirectKey { get; set; }

    public bool IsChannel => Kind is ConversationKind.Public or ConversationKind.Private;

    public static string KeyOf(IEnumerable<Guid> people) => string.Join(',', people.Distinct().Order().Select(p => p.ToString("N")));
}

/// <summary>Who is in a conversation, and how far they have read it.</summary>
public sealed class ConversationMember : ITenantOwned
{
    public int TenantId { get; set; }
    public long ConversationId { get; set; }
    public Guid UserId { get; set; }
    public CairnUser? User { get; set; }
    public DateTime JoinedAt { get; set; } = DateTime.UtcNow;

    /// <summary>The last sequence number they have read: unread counts are what came after it.</summary>
    public long LastReadSeq { get; set; }
}

/// <summary>A message as it stands now (its history is in <see cref="ChatEvent"/>).</summary>
public sealed class ChatMessage : ITenantOwned
{
    public const int MaxTextLength = 4_000;
    public const int MaxClientIdLength = 64;

    public long Id { get; set; }
    public int TenantId { get; set; }
    public long ConversationId { get; set; }

    /// <summary>The sequence number of the event that sent it.</summary>
    public long Seq { get; set; }

    public Guid AuthorId { get; set; }
    public CairnUser? Author { get; set; }

    /// <summary>The sender's own id for it: sent again after a lost answer, it is stored once.</summary>
    public required string ClientMessageId { get; set; }

    public required string Text { get; set; }

    /// <summary>The text as sanitized HTML (Markdown).</summary>
    public required string Html { get; set; }

    public DateTime SentAt { get; set; } = DateTime.UtcNow;
    public DateTime? EditedAt { get; set; }
    public DateTime? DeletedAt { get; set; }

    /// <summary>A reply: the message whose thread it is in (threads are one level deep).</summary>
    public long? ThreadRootId { get; set; }

    /// <summary>A thread's first message: how many replies it has, kept with each reply's commit.</summary>
    public int ReplyCount { get; set; }
}

/// <summary>
/// One event of a conversation's sequence, kept as clients received it (<see cref="Data"/>), so that one who
/// missed it gets the very same event later.
/// </summary>
public sealed class ChatEvent : ITenantOwned
{
    public long Id { get; set; }
    public int TenantId { get; set; }
    public long ConversationId { get; set; }
    public long Seq { get; set; }
    public required string Type { get; set; }
    public long? MessageId { get; set; }

    /// <summary>The event as JSON (<see cref="ChatEventView"/>).</summary>
    public required string Data { get; set; }

    public DateTime At { get; set; } = DateTime.UtcNow;
}

/// <summary>A member named in a message (<c>@username</c>, or everyone with <c>@channel</c>), kept for their mention counts.</summary>
public sealed class ChatMention : ITenantOwned
{
    public int TenantId { get; set; }
    public long MessageId { get; set; }
    public Guid UserId { get; set; }
    public long ConversationId { get; set; }

    /// <summary>The message's number: counted as unread while it is after the member's read marker.</summary>
    public long Seq { get; set; }
}

/// <summary>One member's reaction to a message: one of each emoji per member.</summary>
public sealed class ChatReaction : ITenantOwned
{
    public const int MaxEmojiLength = 16;

    public int TenantId { get; set; }
    public long MessageId { get; set; }
    public Guid UserId { get; set; }
    public required string Emoji { get; set; }
    public DateTime At { get; set; } = DateTime.UtcNow;

    /// <summary>Whether <paramref name="emoji"/> is one emoji (one character as people see it, a symbol, not a letter or a digit).</summary>
    public static bool IsEmoji(string? emoji) =>
        emoji is { Length: > 0 and <= MaxEmojiLength }
        && new System.Globalization.StringInfo(emoji).LengthInTextElements == 1
        && System.Text.Rune.GetRuneAt(emoji, 0) is var first
        && System.Text.Rune.GetUnicodeCategory(first) is System.Globalization.UnicodeCategory.OtherSymbol or System.Globalization.UnicodeCategory.MathSymbol
            or System.Globalization.UnicodeCategory.ModifierSymbol or System.Globalization.UnicodeCategory.OtherPunctuation
        && !System.Text.Rune.IsLetterOrDigit(first);
}

/// <summary>
/// A live hub connection and whose it is, kept while it is open (on any instance): removing someone from a
/// conversation takes each of their connections out of its SignalR group at once.
/// </summary>
public sealed class ChatConnection : ITenantOwned
{
    public const int MaxIdLength = 64;

    public required string ConnectionId { get; set; }
    public int TenantId { get; set; }
    public Guid UserId { get; set; }
    public DateTime ConnectedAt { get; set; } = DateTime.UtcNow;

    /// <summary>The tab says nobody has used it for a while (or it is hidden): its person is away unless another tab is in use.</summary>
    public bool Away { get; set; }

    /// <summary>When its instance last said it is still open (a heartbeat): rows an instance stopped renewing (it crashed) are gone.</summary>
    public DateTime SeenAt { get; set; } = DateTime.UtcNow;
}

/// <summary>
/// A file sent in a conversation: stored under the media folder by <see cref="ChatAttachments"/> (pictures
/// re-encoded, other files as they came), named by 128 random bits, served only to those who may read the
/// conversation. A message links it in its Markdown, so edits, deletes and catching up need nothing more.
/// </summary>
public sealed class ChatAttachment : ITenantOwned
{
    public const int MaxFileNameLength = 120;

    public long Id { get; set; }
    public int TenantId { get; set; }
    public long ConversationId { get; set; }
    public required string Token { get; set; }

    /// <summary>The name it came with, made safe (letters, digits, dot, dash, underscore).</summary>
    public required string FileName { get; set; }

    /// <summary>The stored file's extension (<c>.png</c>, <c>.jpg</c> for pictures; <c>.bin</c> otherwise).</summary>
    public required string Extension { get; set; }

    public bool IsImage { get; set; }
    public long Size { get; set; }
    public int Width { get; set; }
    public int Height { get; set; }
    public Guid UploadedById { get; set; }
    public DateTime UploadedAt { get; set; } = DateTime.UtcNow;

    /// <summary>The message that sent it; none yet for an upload not sent (deleted after <see cref="ChatOptions.UnsentAttachmentHours"/>).</summary>
    public long? MessageId { get; set; }

    /// <summary>Where it is served.</summary>
    public string Url => $"/chat/files/{Token}/{FileName}";

    /// <summary>How a message shows it: a picture, or a link to the file.</summary>
    public string Markdown => IsImage ? $"![{FileName}]({Url})" : $"[{FileName}]({Url})";
}

/// <summary>An attachment as the API answers it: where it is, and the Markdown a message shows it with.</summary>
public sealed record ChatAttachmentView(string Url, string FileName, bool IsImage, long Size, string Markdown);

/// <summary>A member's chat settings in a workspace (no row: the defaults).</summary>
public sealed class ChatMemberSettings : ITenantOwned
{
    public int TenantId { get; set; }
    public Guid UserId { get; set; }

    /// <summary>Others see when this member has read their messages ("seen by"); off, nobody does.</summary>
    public bool ShareReadReceipts { get; set; } = true;

    /// <summary>An email about mentions and direct messages left unread for a while.</summary>
    public bool EmailMissed { get; set; } = true;

    /// <summary>Until when missed messages are covered by a digest already sent (or claimed by a run sending it).</summary>
    public DateTime? DigestUntil { get; set; }
}

/// <summary>Whether someone is here: a tab in use (online), only idle or hidden tabs (away), or none (offline).</summary>
public static class Presence
{
    public const string Online = "online";
    public const string Away = "away";
    public const string Offline = "offline";
}

/// <summary>Someone's presence, as <c>Presence()</c> answers it.</summary>
public sealed record PresenceView(ChatPerson User, string State);

/// <summary>A message as it stands now (text, reactions, replies), for paging back through history and jumping to a message.</summary>
public sealed record ChatMessageView(ChatEventView Message, IReadOnlyList<ReactionCount> Reactions, int ReplyCount);

/// <summary>One emoji on a message: how many, and whether the reader is among them.</summary>
public sealed record ReactionCount(string Emoji, int Count, bool Mine);

/// <summary>A message found by search, with where it is.</summary>
public sealed record ChatSearchHit(long MessageId, long ConversationId, string Conversation, long Seq, ChatPerson Author, string Text, DateTime SentAt, long? ThreadRootId, string Link);

/// <summary>Something for the bell: a message naming the member, or a direct message, with where to read it.</summary>
public sealed record ChatNotification(string Kind, long ConversationId, string Conversation, long Seq, long MessageId, ChatPerson From, string Excerpt, string Link);

/// <summary>The bell: how many unread mentions and direct messages, and the conversations they are in.</summary>
public sealed record BellView(int Count, IReadOnlyList<BellItem> Items);

/// <summary>A conversation with unread mentions or direct messages for the bell.</summary>
public sealed record BellItem(long ConversationId, string Title, int Mentions, int Unread, string Link);

/// <summary>Someone as chat events name them.</summary>
public sealed record ChatPerson(Guid Id, string UserName, string DisplayName);

/// <summary>
/// An event as clients receive it, live (<c>Event</c>) or when catching up: its conversation and sequence number
/// always; for messages their id, the sender's client message id, author, text (and sanitized HTML) and time.
/// </summary>
public sealed record ChatEventView(
    long ConversationId, long Seq, string Type, DateTime At,
    long? Id = null, string? ClientMessageId = null, ChatPerson? Author = null, string? Text = null, string? Html = null,
    DateTime? SentAt = null, ChatPerson? Member = null, DateTime? EditedAt = null, bool Deleted = false,
    string? Emoji = null, bool? Added = null, long? ThreadRootId = null,
    IReadOnlyList<Guid>? Mentions = null, bool MentionsEveryone = false)
{
    public const string Reaction = "reaction";
    public const string Message = "message";
    public const string Edit = "edit";
    public const string Delete = "delete";
    public const string Join = "join";
    public const string Leave = "leave";
    public const string Archive = "archive";
    public const string Unarchive = "unarchive";
}
