namespace Cairn.Web.Modules.Blog;

/// <summary>
/// Who may do what in the blog, decided once for pages and API alike (object-level checks on top of
/// workspace roles): members write, authors and Admins/Owners edit and delete, Viewers only read.
/// </summary>
public sealed class BlogAccess(CairnDbContext db, CurrentMembership membership, IHttpContextAccessor accessor, WorkspaceMemo memo)
{
    private bool? _membersOnly;

    public Guid? UserId => accessor.HttpContext?.User.UserId();

    public Task<WorkspaceRole?> RoleAsync(CancellationToken cancellationToken = default) => membership.RoleAsync(cancellationToken);

    /// <summary>Whether only members read the blog; remembered per workspace until the blog's rows change (<see cref="WorkspaceMemo"/>).</summary>
    public async Task<bool> MembersOnlyAsync(CancellationToken cancellationToken = default) =>
        _membersOnly ??= await memo.GetOrLoadAsync(BlogCache.Module, "members-only",
            token => db.BlogSettings.Select(s => s.MembersOnly).FirstOrDefaultAsync(token), cancellationToken);

    public async Task<bool> CanReadAsync(CancellationToken cancellationToken = default) =>
        !await MembersOnlyAsync(cancellationToken) || WorkspacePermissions.CanRead(await RoleAsync(cancellationToken));

    /// <summary>Write posts and comments: Members, Admins and Owners.</summary>
    public async Task<bool> CanWriteAsync(CancellationToken cancellationToken = default) =>
        WorkspacePermissions.CanWrite(await RoleAsync(cancellationToken));

    public async Task<bool> IsAdminAsync(CancellationToken cancellationToken = default) =>
        WorkspacePermissions.IsAdmin(await RoleAsync(cancellationToken));

    /// <summary>Edit or delete a post, and see it as a draft: its author (still a writer here) or an Admin/Owner.</summary>
    public async Task<bool> CanEditAsync(Guid authorId, CancellationToken cancellationToken = default) =>
        WorkspacePermissions.CanModify(await RoleAsync(cancellationToken), UserId, authorId);

    /// <summary>Delete a comment: its author or the post's author (even after losing the right to write), or an Admin/Owner.</summary>
    public async Task<bool> CanDeleteCommentAsync(Guid commentAuthorId, Guid postAuthorId, CancellationToken cancellationToken = default) =>
        UserId is { } me && (me == commentAuthorId || me == postAuthorId || WorkspacePermissions.IsAdmin(await RoleAsync(cancellationToken)));

    /// <summary>
    /// The drafts this user sees in their drafts list: an Admin's or Owner's, every draft of the workspace; a writer's,
    /// their own; null for anyone else (no drafts to see).
    /// </summary>
    public async Task<IQueryable<Post>?> DraftsAsync(CancellationToken cancellationToken = default)
    {
        if (UserId is not { } me || !await CanWriteAsync(cancellationToken)) return null;
        var drafts = db.Posts.Where(p => p.Status == PostStatus.Draft);
        return await IsAdminAsync(cancellationToken) ? drafts : drafts.Where(p => p.AuthorId == me);
    }

    /// <summary>The posts this user may open: published ones, plus drafts they may edit.</summary>
    public async Task<IQueryable<Post>> VisiblePostsAsync(CancellationToken cancellationToken = default)
    {
        if (await IsAdminAsync(cancellationToken)) return db.Posts;
        // Own drafts only while still a writer here, as for editing them.
        var me = await CanWriteAsync(cancellationToken) ? UserId : null;
        return me is null ? db.Posts.Published() : db.Posts.Where(p => p.Status == PostStatus.Published || p.AuthorId == me);
    }
}
