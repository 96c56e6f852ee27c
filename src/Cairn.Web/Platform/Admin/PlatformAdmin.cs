namespace Cairn.Web.Platform.Admin;

/// <summary>
/// The platform's own entities in the admin site, under <c>/admin/platform/</c>, for platform administrators
/// (<c>createsuperuser</c>) only: every workspace, every user, and the memberships of every workspace. Their
/// pages run inside <see cref="CairnDbContext.AcrossWorkspaces"/>; their history is the platform's log.
/// </summary>
internal static class PlatformAdmin
{
    public static IReadOnlyList<AdminRegistration> Registrations() => [Workspaces(), Users(), Memberships()];

    private static AdminFor<Tenant> Workspaces() => AdminFor<Tenant>.ForPlatform(db => db.Tenants)
        .Named("workspace", "workspace")
        .Display(t => t.Name)
        .List(t => t.Name).List(t => t.Slug, "Address").List(t => t.OpenJoining, "Open joining").List(t => t.CreatedAt, "Created")
        .Search(t => t.Name, t => t.Slug)
        .Filter(t => t.OpenJoining, "Open joining")
        .ReadOnly(t => t.CreatedAt)
        .Rule((workspace, save) =>
        {
            if (save.Changed(nameof(Tenant.Slug)) && WorkspaceSlug.Validate(workspace.Slug) is { } problem) save.Error(nameof(Tenant.Slug), problem);
        });

    // A user's sign-in secrets and the fields Identity keeps in step are never shown; the email and handle
    // change through the account's own pages, which confirm them.
    private static AdminFor<CairnUser> Users() => AdminFor<CairnUser>.ForPlatform(db => db.Users)
        .Named("user", "user")
        .Display(u => u.DisplayName)
        .List(u => u.DisplayName, "Name").List(u => u.UserName, "Handle").List(u => u.Email).List(u => u.IsPlatformAdmin, "Platform admin").List(u => u.CreatedAt, "Joined")
        .Search(u => u.DisplayName, u => u.UserName, u => u.Email)
        .Filter(u => u.IsPlatformAdmin, "Platform admin")
        .Exclude(u => u.PasswordHash, u => u.SecurityStamp, u => u.ConcurrencyStamp, u => u.NormalizedEmail, u => u.NormalizedUserName,
            u => u.PhoneNumber, u => u.PhoneNumberConfirmed, u => u.TwoFactorEnabled, u => u.AvatarFile, u => u.AccessFailedCount)
        .ReadOnly(u => u.UserName, u => u.Email, u => u.CreatedAt)
        .Allow(AdminAction.Add, minimum: null)
        .Rule((user, save) =>
        {
            if (save.Changed(nameof(CairnUser.TimeZone)) && !TimeZones.IsKnown(user.TimeZone))
                save.Error(nameof(CairnUser.TimeZone), "Use an IANA time zone, such as Europe/Oslo.");
            // A changed role or lock signs the user's other sessions out, so that they run with the new one.
            if (save.Changed(nameof(CairnUser.IsPlatformAdmin)) || save.Changed(nameof(CairnUser.LockoutEnd)) || save.Changed(nameof(CairnUser.LockoutEnabled)))
                user.SecurityStamp = Guid.NewGuid().ToString("N");
        });

    private static AdminFor<Membership> Memberships() => AdminFor<Membership>.ForPlatform(db => db.InEveryWorkspace<Membership>())
        .Named("membership", "membership")
        .Display(m => m.User!.DisplayName + " in " + m.Tenant!.Name)
        .List(m => m.Tenant!.Name, "Workspace").List(m => m.User!.DisplayName, "Member").List(m => m.User!.Email, "Email").List(m => m.Role).List(m => m.JoinedAt, "Joined")
        .Search(m => m.Tenant!.Name, m => m.Tenant!.Slug, m => m.User!.DisplayName, m => m.User!.Email)
        .Filter(m => m.Role)
        .ReadOnly(m => m.JoinedAt)
        .Rule(KeepAnOwnerAsync);

    // A workspace always keeps an Owner: a change that would leave it without one is refused.
    private static async ValueTask KeepAnOwnerAsync(Membership membership, AdminSave save, CancellationToken cancellationToken)
    {
        if (save.IsNew || !(save.Changed(nameof(Membership.Role)) || save.Changed(nameof(Membership.TenantId)))) return;
        var db = save.Services.GetRequiredService<CairnDbContext>();
        var was = await db.InEveryWorkspace<Membership>().AsNoTracking().Where(m => m.Id == membership.Id)
            .Select(m => new { m.TenantId, m.Role }).FirstAsync(cancellationToken);
        if (was.Role != WorkspaceRole.Owner || (membership.Role == WorkspaceRole.Owner && membership.TenantId == was.TenantId)) return;
        if (!await db.InEveryWorkspace<Membership>().AnyAsync(m => m.TenantId == was.TenantId && m.Role == WorkspaceRole.Owner && m.Id != membership.Id, cancellationToken))
            save.Error(nameof(Membership.Role), "This is the workspace's last Owner: make someone else Owner first.");
    }
}
