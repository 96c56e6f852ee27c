using Cairn.Web.Platform.Data;
using Cairn.Web.Platform.Tenancy;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Cairn.Web.Modules.Workspaces;

/// <summary>The members of the current workspace; only its members may see them.</summary>
public sealed class MembersModel(CairnDbContext db, ITenantContext tenant) : PageModel
{
    public sealed record Row(string DisplayName, string UserName, WorkspaceRole Role, DateTime JoinedAt, string? AvatarUrl);

    public string WorkspaceName => tenant.Current!.Name;
    public IReadOnlyList<Row> Members { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var rows = await db.Memberships.AsNoTracking()
            .Select(m => new { m.User!.DisplayName, m.User.UserName, m.Role, m.JoinedAt, m.User.AvatarFile })
            .ToListAsync(cancellationToken);
        // Roles are stored as words; order them by privilege here, then by name.
        Members = rows.OrderBy(r => r.Role).ThenBy(r => r.DisplayName, StringComparer.CurrentCultureIgnoreCase).Select(r => new Row(r.DisplayName, r.UserName ?? "", r.Role, r.JoinedAt,
            r.AvatarFile is null ? null : $"/media/avatars/{r.AvatarFile}")).ToList();
    }
}
