namespace Cairn.Web.Platform.Tenancy;

/// <summary>
/// Changing members' roles and removing members of the current workspace, with least privilege: Owners manage
/// everyone; Admins move Members and Viewers between those two roles and remove them; everyone may leave.
/// A workspace always keeps an Owner, also when two Owners demote each other at the same moment.
/// </summary>
public sealed class WorkspaceMembers(CairnDbContext db, ITenantContext tenant, TimeProvider clock, ILogger<WorkspaceMembers> logger)
{
    public const string LastOwner = "A workspace keeps at least one Owner: make someone else Owner first.";

    /// <summary>The roles <paramref name="actor"/> may give someone who is <paramref name="target"/> now (empty: none).</summary>
    public static IReadOnlyList<WorkspaceRole> GrantableRoles(WorkspaceRole actor, WorkspaceRole target) => actor switch
    {
        WorkspaceRole.Owner => [WorkspaceRole.Owner, WorkspaceRole.Admin, WorkspaceRole.Member, WorkspaceRole.Viewer],
        WorkspaceRole.Admin when target is WorkspaceRole.Member or WorkspaceRole.Viewer => [WorkspaceRole.Member, WorkspaceRole.Viewer],
        _ => [],
    };

    public static bool MayRemove(WorkspaceRole actor, WorkspaceRole target, bool self) =>
        self || actor == WorkspaceRole.Owner || (actor == WorkspaceRole.Admin && target is WorkspaceRole.Member or WorkspaceRole.Viewer);

    /// <summary>Gives <paramref name="userName"/> the role <paramref name="role"/>; null on success, else why not.</summary>
    public Task<string?> ChangeRoleAsync(Guid actorId, string userName, WorkspaceRole role, CancellationToken cancellationToken) =>
        ChangeAsync(actorId, userName, role, cancellationToken);

    /// <summary>Removes <paramref name="userName"/> from the workspace (themselves: leaving); null on success, else why not.</summary>
    public Task<string?> RemoveAsync(Guid actorId, string userName, CancellationToken cancellationToken) =>
        ChangeAsync(actorId, userName, null, cancellationToken);

    private async Task<string?> ChangeAsync(Guid actorId, string userName, WorkspaceRole? role, CancellationToken cancellationToken)
    {
        var workspaceId = tenant.Current?.Id ?? throw new InvalidOperationException("Managing members needs a workspace.");
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // One change to a workspace's members at a time: writing its row takes a lock the next change waits for,
        // so the Owner count below is always the committed one (two Owners demoting each other leave one).
        await db.Tenants.Where(t => t.Id == workspaceId).ExecuteUpdateAsync(set => set.SetProperty(t => t.Slug, t => t.Slug), cancellationToken);

        var actor = await db.Memberships.FirstOrDefaultAsync(m => m.UserId == actorId, cancellationToken);
        if (actor is null) return "You are not a member of this workspace.";
        var target = await db.Memberships.FirstOrDefaultAsync(m => m.User!.UserName == userName, cancellationToken);
        if (target is null) return $"No member of this workspace is called @{userName}.";
        var self = target.UserId == actorId;

        if (role is { } newRole)
        {
            if (newRole == target.Role) return null;
            if (!GrantableRoles(actor.Role, target.Role).Contains(newRole))
                return actor.Role == WorkspaceRole.Admin
                    ? "Admins move Members and Viewers between those two roles; Owners manage Admins and Owners."
                    : "Only Owners and Admins change roles.";
        }
        else if (!MayRemove(actor.Role, target.Role, self))
        {
            return actor.Role == WorkspaceRole.Admin ? "Admins remove Members and Viewers; Owners remove Admins and Owners." : "Only Owners and Admins remove members.";
        }

        if (target.Role == WorkspaceRole.Owner && role != WorkspaceRole.Owner
            && await db.Memberships.CountAsync(m => m.Role == WorkspaceRole.Owner, cancellationToken) <= 1)
            return LastOwner;

        if (role is { } given)
        {
            logger.LogInformation("User {ActorId} made {UserId} {Role} (was {OldRole})", actorId, target.UserId, given, target.Role);
            target.Role = given;
        }
        else
        {
            logger.LogInformation("User {ActorId} removed {UserId} ({Role})", actorId, target.UserId, target.Role);
            target.Removed();
            db.Memberships.Remove(target);
            // Its refresh tokens here would be refused anyway (a refresh checks the membership); end them now.
            var now = clock.GetUtcNow().UtcDateTime;
            await db.Set<RefreshToken>().Where(t => t.UserId == target.UserId && t.RevokedAt == null)
                .ExecuteUpdateAsync(set => set.SetProperty(t => t.RevokedAt, now), cancellationToken);
        }
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return null;
    }
}
