namespace Cairn.Web.Modules.Chat;

/// <summary>
/// Who may do what in chat, asked again on every hub call and request (a member removed from the workspace or a
/// channel loses access at their next call): workspace members find and read public channels; only a
/// conversation's members read the others; members who may write in the workspace (Members, Admins, Owners)
/// send, in conversations they belong to and that are not archived. The user is passed in: a hub call has no request.
/// </summary>
public sealed class ChatAccess(CairnDbContext db)
{
    // The role, read once per request or hub call (this service is scoped to it); never the conversation memberships,
    // which a call may change and Subscribe reads again on purpose.
    private (Guid User, WorkspaceRole? Role)? _role;

    /// <summary>The workspace role of <paramref name="user"/> here, or null for someone outside it.</summary>
    public async Task<WorkspaceRole?> RoleAsync(Guid user, CancellationToken cancellationToken)
    {
        if (_role is { } known && known.User == user) return known.Role;
        var role = await db.Memberships.AsNoTracking().Where(m => m.UserId == user).Select(m => (WorkspaceRole?)m.Role).FirstOrDefaultAsync(cancellationToken);
        _role = (user, role);
        return role;
    }

    public Task<bool> IsMemberAsync(long conversation, Guid user, CancellationToken cancellationToken) =>
        db.Set<ConversationMember>().AnyAsync(m => m.ConversationId == conversation && m.UserId == user, cancellationToken);

    /// <summary>The conversation, if <paramref name="user"/> may read it; null otherwise (as if it did not exist).</summary>
    public async Task<Conversation?> ReadableAsync(long id, Guid user, CancellationToken cancellationToken)
    {
        if (!WorkspacePermissions.CanRead(await RoleAsync(user, cancellationToken))) return null;
        var conversation = await db.Set<Conversation>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (conversation is null) return null;
        return conversation.Kind == ConversationKind.Public || await IsMemberAsync(id, user, cancellationToken) ? conversation : null;
    }

    /// <summary>
    /// The conversation and why <paramref name="user"/> may not send in it (null when they may), in one query: what
    /// <see cref="ReadableAsync"/> and <see cref="CannotSendAsync"/> ask, for the busiest call (a send). Null
    /// conversation when they may not even read it.
    /// </summary>
    public async Task<(Conversation? Conversation, string? Refusal)> SendableAsync(long id, Guid user, CancellationToken cancellationToken)
    {
        var row = await db.Set<Conversation>().AsNoTracking().Where(c => c.Id == id)
            .Select(c => new
            {
                Conversation = c,
                IsMember = db.Set<ConversationMember>().Any(m => m.ConversationId == c.Id && m.UserId == user),
                Role = db.Memberships.Where(m => m.UserId == user).Select(m => (WorkspaceRole?)m.Role).FirstOrDefault(),
            })
            .FirstOrDefaultAsync(cancellationToken);
        if (row is null) return (null, null);
        _role = (user, row.Role);
        if (!WorkspacePermissions.CanRead(row.Role) || (row.Conversation.Kind != ConversationKind.Public && !row.IsMember)) return (null, null);
        if (!WorkspacePermissions.CanWrite(row.Role)) return (row.Conversation, "Viewers read chat; they do not write in it.");
        if (row.Conversation.ArchivedAt is not null) return (row.Conversation, "This conversation is archived.");
        return (row.Conversation, row.IsMember ? null : "Join the channel to write in it.");
    }

    /// <summary>Why <paramref name="user"/> may not send in <paramref name="conversation"/>, or null when they may.</summary>
    public async Task<string?> CannotSendAsync(Conversation conversation, Guid user, CancellationToken cancellationToken)
    {
        if (!WorkspacePermissions.CanWrite(await RoleAsync(user, cancellationToken))) return "Viewers read chat; they do not write in it.";
        if (conversation.ArchivedAt is not null) return "This conversation is archived.";
        if (!await IsMemberAsync(conversation.Id, user, cancellationToken)) return "Join the channel to write in it.";
        return null;
    }

    /// <summary>
    /// Message <paramref name="id"/> with its conversation, if <paramref name="user"/> may change it: edit, its author
    /// while they may still write there; delete, its author too, or a workspace Admin (moderation). Otherwise the
    /// reason, or nothing at all when they may not even read it (as if it did not exist).
    /// </summary>
    public async Task<(ChatMessage? Message, Conversation? Conversation, string? Refusal)> ChangeableAsync(long id, Guid user, bool deleting, CancellationToken cancellationToken)
    {
        var message = await db.Set<ChatMessage>().AsNoTracking().FirstOrDefaultAsync(m => m.Id == id, cancellationToken);
        if (message is null || await ReadableAsync(message.ConversationId, user, cancellationToken) is not { } conversation) return (null, null, null);
        if (message.AuthorId == user && await CannotSendAsync(conversation, user, cancellationToken) is null) return (message, conversation, null);
        if (deleting && WorkspacePermissions.IsAdmin(await RoleAsync(user, cancellationToken))) return (message, conversation, null);
        return (message, conversation, deleting ? "Only its author or a workspace Admin deletes a message." : "Only its author edits a message.");
    }

    /// <summary>Message <paramref name="id"/>, if <paramref name="user"/> may react to it (they may write in its conversation); the reason otherwise.</summary>
    public async Task<(ChatMessage? Message, Conversation? Conversation, string? Refusal)> ReactableAsync(long id, Guid user, CancellationToken cancellationToken)
    {
        var message = await db.Set<ChatMessage>().AsNoTracking().FirstOrDefaultAsync(m => m.Id == id, cancellationToken);
        if (message is null || await ReadableAsync(message.ConversationId, user, cancellationToken) is not { } conversation) return (null, null, null);
        if (message.DeletedAt is not null) return (null, null, null);
        return (message, conversation, await CannotSendAsync(conversation, user, cancellationToken));
    }

    /// <summary>Why <paramref name="user"/> may not archive a channel or take others out of it; null when they may (its creator while they may write, or a workspace Admin).</summary>
    public async Task<string?> CannotManageAsync(Conversation conversation, Guid user, CancellationToken cancellationToken)
    {
        if (!conversation.IsChannel) return "Direct conversations keep their people.";
        var role = await RoleAsync(user, cancellationToken);
        if (WorkspacePermissions.IsAdmin(role) || (conversation.CreatedById == user && WorkspacePermissions.CanWrite(role))) return null;
        return "Only the channel's creator and workspace Admins do that.";
    }

    /// <summary>Why <paramref name="user"/> may not start a channel or a direct conversation, or null when they may.</summary>
    public async Task<string?> CannotCreateAsync(Guid user, CancellationToken cancellationToken) =>
        WorkspacePermissions.CanWrite(await RoleAsync(user, cancellationToken)) ? null : "Viewers read chat; they do not start conversations.";

    /// <summary>The conversations <paramref name="user"/> may see: public channels and those they are in.</summary>
    public IQueryable<Conversation> Visible(Guid user) =>
        db.Set<Conversation>().Where(c => c.Kind == ConversationKind.Public
            || db.Set<ConversationMember>().Any(m => m.ConversationId == c.Id && m.UserId == user));
}
