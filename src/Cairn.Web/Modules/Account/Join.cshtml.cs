using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Cairn.Web.Modules.Account;

/// <summary>
/// <c>/join/{token}</c>, where an invitation's link leads: a signed-in account joins with one button; anyone else
/// is offered to sign up (the token goes along) or to log in and come back. A used, revoked or expired
/// invitation is a 404 that says so.
/// </summary>
public sealed class JoinModel(WorkspaceJoining joining, WorkspaceService workspaces, CurrentMembership membership, ITenantContext tenant, CairnDbContext db) : PageModel
{
    public string WorkspaceName => tenant.Current!.Name;
    public string Token { get; private set; } = "";
    public WorkspaceRole Role { get; private set; }
    public bool AlreadyMember { get; private set; }

    public async Task<IActionResult> OnGetAsync(string token, CancellationToken cancellationToken)
    {
        if (await joining.FindAsync(token, cancellationToken) is not { } invitation) return Invalid();
        Token = token;
        Role = invitation.Role;
        AlreadyMember = await membership.RoleAsync(cancellationToken) is not null;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string token, CancellationToken cancellationToken)
    {
        if (User.UserId() is not { } userId) return Challenge();
        if (await joining.FindAsync(token, cancellationToken) is not { } invitation) return Invalid();
        if (await membership.RoleAsync(cancellationToken) is not null)
        {
            TempData.Info($"You are a member of {WorkspaceName} already.");
            return RedirectToPage("/Home/Index");
        }

        joining.Spend(invitation, userId);
        await workspaces.AddMemberAsync(tenant.Current!.Id, userId, invitation.Role, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        TempData.Success($"Welcome to {WorkspaceName}! You joined as {invitation.Role}.");
        return RedirectToPage("/Home/Index");
    }

    private PageResult Invalid()
    {
        Token = "";
        Response.StatusCode = StatusCodes.Status404NotFound;
        return Page();
    }
}
