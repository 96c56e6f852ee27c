using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Cairn.Web.Modules.Workspaces;

/// <summary>
/// The members of the current workspace; only its members may see them. Owners and Admins also manage
/// invitations here (by email, or a shareable link they can revoke); Owners choose whether joining is open.
/// </summary>
public sealed class MembersModel(CairnDbContext db, ITenantContext tenant, CurrentMembership membership, WorkspaceJoining joining, TenantStore tenants,
    WorkspaceLinks links, WorkspaceMembers members) : PageModel
{
    public sealed record Row(string DisplayName, string UserName, WorkspaceRole Role, DateTime JoinedAt, string? AvatarUrl, bool IsMe)
    {
        /// <summary>The roles the viewer may give this member (empty: the role is not theirs to change).</summary>
        public IReadOnlyList<WorkspaceRole> Grantable { get; init; } = [];
        public bool Removable { get; init; }
    }

    public sealed record PendingInvitation(int Id, string? Email, WorkspaceRole Role, DateTime CreatedAt, DateTime? ExpiresAt, int Uses);

    public string WorkspaceName => tenant.Current!.Name;
    public IReadOnlyList<Row> Members { get; private set; } = [];
    public IReadOnlyList<PendingInvitation> Invitations { get; private set; } = [];
    public WorkspaceRole? MyRole { get; private set; }
    public bool CanInvite => MyRole is { } role && role.AtLeast(WorkspaceRole.Admin);
    public bool IsOwner => MyRole == WorkspaceRole.Owner;
    public bool OpenJoining { get; private set; }
    public string JoinDomains { get; private set; } = "";

    /// <summary>A link made just now: shown once, as only its hash is kept.</summary>
    [TempData] public string? NewLink { get; set; }

    [BindProperty] public string? Email { get; set; }
    [BindProperty] public WorkspaceRole InviteRole { get; set; } = WorkspaceRole.Member;
    [BindProperty] public bool Open { get; set; }
    [BindProperty] public string? Domains { get; set; }

    /// <summary>Where a refused role change or removal is reported: above the members' table.</summary>
    public const string MembersErrorKey = "Members";

    public static readonly WorkspaceRole[] InvitableRoles = [WorkspaceRole.Admin, WorkspaceRole.Member, WorkspaceRole.Viewer];

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostInviteAsync(CancellationToken cancellationToken)
    {
        if (await RefusedAsync(WorkspaceRole.Admin, cancellationToken) is { } refused) return refused;
        if (string.IsNullOrWhiteSpace(Email)) ModelState.AddModelError(nameof(Email), "Enter the email address to invite.");
        else if (await CreateAsync(Email, cancellationToken) is { } token)
        {
            TempData.Success($"Invitation sent to {Email.Trim()}.");
            return RedirectToPage();
        }
        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostLinkAsync(CancellationToken cancellationToken)
    {
        if (await RefusedAsync(WorkspaceRole.Admin, cancellationToken) is { } refused) return refused;
        if (await CreateAsync(null, cancellationToken) is { } token)
        {
            NewLink = links.OriginOf(tenant.Current!.Slug) + $"/join/{token}";
            TempData.Success("Invite link made. Copy it now: it is shown only once.");
            return RedirectToPage();
        }
        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(int id, CancellationToken cancellationToken)
    {
        if (await RefusedAsync(WorkspaceRole.Admin, cancellationToken) is { } refused) return refused;
        var invitation = await db.Invitations.FirstOrDefaultAsync(i => i.Id == id && i.RevokedAt == null, cancellationToken);
        if (invitation is null) return NotFound();
        invitation.RevokedAt = DateTime.UtcNow;
        await db.SaveChangesAsync(cancellationToken);
        TempData.Success(invitation.IsLink ? "Invite link revoked." : $"Invitation to {invitation.Email} revoked.");
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostRoleAsync(string userName, WorkspaceRole newRole, CancellationToken cancellationToken)
    {
        if (await RefusedAsync(WorkspaceRole.Viewer, cancellationToken) is { } refused) return refused;
        if (!Enum.IsDefined(newRole)) return BadRequest();
        if (await members.ChangeRoleAsync(User.UserId()!.Value, userName, newRole, cancellationToken) is { } error) return await ShowAsync(error, cancellationToken);
        TempData.Success($"@{userName} is {newRole} now.");
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostRemoveAsync(string userName, CancellationToken cancellationToken)
    {
        if (await RefusedAsync(WorkspaceRole.Viewer, cancellationToken) is { } refused) return refused;
        if (await members.RemoveAsync(User.UserId()!.Value, userName, cancellationToken) is { } error) return await ShowAsync(error, cancellationToken);
        if (userName != User.Identity?.Name)
        {
            TempData.Success($"@{userName} is no longer a member of {tenant.Current!.Name}.");
            return RedirectToPage();
        }
        TempData.Success($"You left {tenant.Current!.Name}.");
        return RedirectToPage("/Home/Index");
    }

    private async Task<IActionResult> ShowAsync(string error, CancellationToken cancellationToken)
    {
        ModelState.AddModelError(MembersErrorKey, error);
        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostJoiningAsync(CancellationToken cancellationToken)
    {
        if (await RefusedAsync(WorkspaceRole.Owner, cancellationToken) is { } refused) return refused;
        var domains = string.Join(", ", WorkspaceJoining.Domains(Domains ?? "").Distinct());
        if (domains.Length > 500 || WorkspaceJoining.Domains(domains).Any(d => !d.Contains('.', StringComparison.Ordinal) || d.Any(char.IsWhiteSpace)))
        {
            ModelState.AddModelError(nameof(Domains), "List domains such as example.com, separated by commas (at most 500 characters).");
            await LoadAsync(cancellationToken);
            return Page();
        }
        var workspace = await db.Tenants.FirstAsync(t => t.Id == tenant.Current!.Id, cancellationToken);
        workspace.OpenJoining = Open;
        workspace.JoinDomains = domains;
        await db.SaveChangesAsync(cancellationToken);
        tenants.Forget(workspace.Slug);
        TempData.Success(Open
            ? domains.Length == 0 ? "Anyone who signs up here now joins as a Member." : $"Anyone who signs up here with an address at {domains} now joins as a Member."
            : "Joining now takes an invitation.");
        return RedirectToPage();
    }

    private async Task<string?> CreateAsync(string? email, CancellationToken cancellationToken)
    {
        // An Admin may invite up to Admin; no one invites an Owner.
        if (!InvitableRoles.Contains(InviteRole))
        {
            ModelState.AddModelError(nameof(InviteRole), "Invite as Admin, Member or Viewer.");
            return null;
        }
        var (_, token, error) = await joining.CreateAsync(email, InviteRole, User.UserId()!.Value, cancellationToken);
        if (error is not null)
        {
            ModelState.AddModelError(email is null ? "" : nameof(Email), error);
            return null;
        }
        // The invitation and its email's outbox message commit together.
        if (email is not null) db.Enqueue(new SendInvitationEmail(token!, User.DisplayNameOf()));
        await db.SaveChangesAsync(cancellationToken);
        return token;
    }

    private async Task<IActionResult?> RefusedAsync(WorkspaceRole needed, CancellationToken cancellationToken)
    {
        MyRole = await membership.RoleAsync(cancellationToken);
        return MyRole is { } role && role.AtLeast(needed) ? null : Forbid();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        MyRole = await membership.RoleAsync(cancellationToken);
        var me = User.UserId();
        var rows = await db.Memberships.AsNoTracking()
            .Select(m => new { m.UserId, m.User!.DisplayName, m.User.UserName, m.Role, m.JoinedAt, m.User.AvatarFile })
            .ToListAsync(cancellationToken);
        // Roles are stored as words; order them by privilege here, then by name.
        Members = rows.OrderBy(r => r.Role).ThenBy(r => r.DisplayName, StringComparer.CurrentCultureIgnoreCase).Select(r => new Row(r.DisplayName, r.UserName ?? "", r.Role, r.JoinedAt,
            r.AvatarFile is null ? null : $"/media/avatars/{r.AvatarFile}", r.UserId == me)
        {
            Grantable = MyRole is { } mine ? WorkspaceMembers.GrantableRoles(mine, r.Role) : [],
            Removable = MyRole is { } role && WorkspaceMembers.MayRemove(role, r.Role, r.UserId == me),
        }).ToList();
        var workspace = await db.Tenants.AsNoTracking().FirstAsync(t => t.Id == tenant.Current!.Id, cancellationToken);
        OpenJoining = workspace.OpenJoining;
        JoinDomains = workspace.JoinDomains;
        Open = OpenJoining;
        Domains ??= JoinDomains;
        if (!CanInvite) return;
        var now = DateTime.UtcNow;
        Invitations = (await db.Invitations.AsNoTracking()
            .Where(i => i.RevokedAt == null && i.AcceptedAt == null && (i.ExpiresAt == null || i.ExpiresAt > now))
            .Select(i => new PendingInvitation(i.Id, i.Email, i.Role, i.CreatedAt, i.ExpiresAt, i.Uses))
            .ToListAsync(cancellationToken)).OrderByDescending(i => i.CreatedAt).ToList();
    }
}
