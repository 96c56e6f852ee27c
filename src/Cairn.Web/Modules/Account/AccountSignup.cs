using Cairn.Web.Platform.Accounts;
using Cairn.Web.Platform.Data;
using Cairn.Web.Platform.Jobs;
using Cairn.Web.Platform.Tenancy;
using Microsoft.AspNetCore.Identity;

namespace Cairn.Web.Modules.Account;

/// <summary>
/// Sign-up, the same for the page and the RealWorld API: the account, its membership of the current workspace
/// and the welcome email's outbox message commit together, or none of them does (a process that dies half-way
/// leaves no account that can neither sign in nor sign up again).
/// </summary>
public sealed class AccountSignup(UserManager<CairnUser> users, WorkspaceService workspaces, ITenantContext tenant, CairnDbContext db)
{
    public async Task<IdentityResult> CreateAsync(CairnUser user, string password, CancellationToken cancellationToken)
    {
        var workspace = tenant.Current ?? throw new InvalidOperationException("Sign-up needs a workspace.");
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var result = await users.CreateAsync(user, password);
        if (!result.Succeeded) return result;

        await workspaces.AddMemberAsync(workspace.Id, user.Id, WorkspaceRole.Member, cancellationToken);
        db.Enqueue(new SendWelcomeEmail(user.Id, workspace.Slug));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return result;
    }
}
