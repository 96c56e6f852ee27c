using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Cairn.Web.Modules.Home;

/// <summary>The Hello page (roadmap week 1): who you are and where you are.</summary>
public sealed class IndexModel(ITenantContext tenant, CurrentMembership membership, CairnDbContext db) : PageModel
{
    public TenantInfo Workspace { get; private set; } = null!;
    public string? DisplayName { get; private set; }
    public WorkspaceRole? Role { get; private set; }
    public int MemberCount { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Workspace = tenant.Current!;
        DisplayName = User.Identity?.IsAuthenticated == true ? User.DisplayNameOf() : null;
        Role = await membership.RoleAsync(cancellationToken);
        if (Role is not null) MemberCount = await db.Memberships.CountAsync(cancellationToken);
    }
}
