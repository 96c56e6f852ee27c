using Cairn.Web.Platform.Accounts;
using Cairn.Web.Platform.Data;
using Cairn.Web.Platform.Jobs;
using Cairn.Web.Platform.Tenancy;
using Microsoft.AspNetCore.Identity;

namespace Cairn.Web.Modules.Account;

/// <summary>
/// Sign-up, the same for the page and the RealWorld API. An account is not a membership: the account is made,
/// and it joins the current workspace only as <see cref="WorkspaceJoining"/> allows (an invitation, or open
/// joining). The account, its membership, the spent invitation and the welcome email's outbox message commit
/// together, or none of them does (a process that dies half-way leaves nothing that blocks signing up again).
/// </summary>
public sealed class AccountSignup(UserManager<CairnUser> users, WorkspaceService workspaces, WorkspaceJoining joining, ITenantContext tenant, CairnDbContext db)
{
    /// <summary>What sign-up did: the account's result, and whether it joined the workspace (if not, why).</summary>
    public sealed record Outcome(IdentityResult Result, bool Joined, string? NotJoined);

    /// <param name="mustJoin">Make no account at all unless it may join (the API, whose tokens need a membership).</param>
    public async Task<Outcome> CreateAsync(CairnUser user, string password, string? invitationToken, bool mustJoin, CancellationToken cancellationToken)
    {
        var workspace = tenant.Current ?? throw new InvalidOperationException("Sign-up needs a workspace.");
        var decision = await joining.DecideAsync(user.Email ?? "", invitationToken, cancellationToken);
        if (mustJoin && !decision.Allowed) return new(IdentityResult.Success, false, decision.Refusal);

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var result = await users.CreateAsync(user, password);
        if (!result.Succeeded) return new(result, false, null);

        if (decision.Allowed)
        {
            if (decision.Invitation is { } invitation) joining.Spend(invitation, user.Id);
            await workspaces.AddMemberAsync(workspace.Id, user.Id, decision.Role!.Value, cancellationToken);
            db.Enqueue(new SendWelcomeEmail(user.Id, workspace.Slug));
            await db.SaveChangesAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return new(result, decision.Allowed, decision.Refusal);
    }
}
