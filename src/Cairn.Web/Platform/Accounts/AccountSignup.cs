using Microsoft.AspNetCore.Identity;

namespace Cairn.Web.Platform.Accounts;

/// <summary>
/// Sign-up, for the page and the RealWorld API. An account is not a membership: the account is made, and it
/// joins the current workspace only as <see cref="WorkspaceJoining"/> allows (an invitation, or open joining).
/// The account, its membership, the spent invitation and the welcome email's outbox message commit together, or
/// none of them does (a process that dies half-way leaves nothing that blocks signing up again).
/// The page signs up in two steps (<see cref="RequestAsync"/>, then <see cref="CreateAsync"/> from the mailed
/// link), so that its answer is the same whether or not the email has an account.
/// </summary>
public sealed class AccountSignup(UserManager<CairnUser> users, WorkspaceService workspaces, WorkspaceJoining joining, ITenantContext tenant,
    CairnDbContext db, SignupLinks links, ILogger<AccountSignup> logger)
{
    /// <summary>What sign-up did: the account's result, and whether it joined the workspace (if not, why).</summary>
    public sealed record Outcome(IdentityResult Result, bool Joined, string? NotJoined);

    /// <summary>
    /// The page's first step: checks what the form alone can tell (password rules, a free username: usernames are
    /// public on profiles), then mails either a link that finishes the sign-up or, when the email has an account
    /// already, a note to its owner. The caller sees the same answer both ways; the password is hashed both ways.
    /// </summary>
    public async Task<IdentityResult> RequestAsync(string email, string userName, string displayName, string password, string? invitationToken,
        string? returnUrl, CancellationToken cancellationToken)
    {
        var workspace = tenant.Current ?? throw new InvalidOperationException("Sign-up needs a workspace.");
        var candidate = new CairnUser { Email = email, UserName = userName, DisplayName = displayName };
        var errors = new List<IdentityError>();
        foreach (var validator in users.PasswordValidators)
        {
            var checkedPassword = await validator.ValidateAsync(users, candidate, password);
            if (!checkedPassword.Succeeded) errors.AddRange(checkedPassword.Errors);
        }
        if (await users.FindByNameAsync(userName) is not null)
            errors.Add(new IdentityError { Code = nameof(IdentityErrorDescriber.DuplicateUserName), Description = $"The username '{userName}' is taken." });
        if (errors.Count > 0) return IdentityResult.Failed([.. errors]);

        var hash = users.PasswordHasher.HashPassword(candidate, password);
        if (await users.FindByEmailAsync(email) is { } existing)
        {
            db.Enqueue(new SendSignupAttempt(existing.Id));
            logger.LogInformation("Sign-up asked for the email of user {UserId}: told its owner", existing.Id);
        }
        else
        {
            var token = links.Protect(new PendingSignup(email, userName, displayName, hash, workspace.Slug, invitationToken, returnUrl));
            db.Enqueue(new SendSignupLink(email, token));
        }
        await db.SaveChangesAsync(cancellationToken);
        return IdentityResult.Success;
    }

    /// <param name="password">The password, or null when <paramref name="user"/> carries its hash already (a mailed sign-up link).</param>
    /// <param name="mustJoin">Make no account at all unless it may join (the API, whose tokens need a membership).</param>
    public async Task<Outcome> CreateAsync(CairnUser user, string? password, string? invitationToken, bool mustJoin, CancellationToken cancellationToken)
    {
        var workspace = tenant.Current ?? throw new InvalidOperationException("Sign-up needs a workspace.");
        var decision = await joining.DecideAsync(user.Email ?? "", user.EmailConfirmed, invitationToken, cancellationToken);
        if (mustJoin && !decision.Allowed) return new(IdentityResult.Success, false, decision.Refusal);

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        IdentityResult result;
        try
        {
            result = password is null ? await users.CreateAsync(user) : await users.CreateAsync(user, password);
        }
        catch (Microsoft.EntityFrameworkCore.DbUpdateException e) when (UniqueViolations.Is(e))
        {
            // The same email or username stored by a request running at the same time.
            return new(IdentityResult.Failed(new IdentityError { Code = nameof(IdentityErrorDescriber.DuplicateEmail), Description = "This account was made a moment ago." }), false, null);
        }
        if (!result.Succeeded) return new(result, false, null);

        if (decision.Allowed)
        {
            if (decision.Invitation is { } invitation) joining.Spend(invitation, user.Id);
            await workspaces.AddMemberAsync(workspace.Id, user.Id, decision.Role!.Value, cancellationToken);
            db.Enqueue(new SendWelcomeEmail(user.Id));
            await db.SaveChangesAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return new(result, decision.Allowed, decision.Refusal);
    }
}
