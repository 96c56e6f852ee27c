using Microsoft.AspNetCore.Identity;

namespace Cairn.Web.Platform.Accounts;

/// <summary>
/// The one password check behind the login page, <c>/api/v1/auth/token</c> and the RealWorld login: lockout
/// counted on failure, an old hash upgraded on success (Identity rehashes when its iteration count rose), and
/// the same work whether or not the email has an account, so that response times do not tell which do.
/// </summary>
public sealed class PasswordSignIn(UserManager<CairnUser> users, SignInManager<CairnUser> signIn, ILogger<PasswordSignIn> logger)
{
    public enum Outcome
    {
        Succeeded,
        Failed,
        LockedOut,
    }

    public sealed record Result(Outcome Outcome, CairnUser? User)
    {
        public bool Succeeded => Outcome == Outcome.Succeeded;
    }

    // A hash of the configured strength, made once per process, to verify against when there is no account.
    private static string? s_dummyHash;

    public async Task<Result> CheckAsync(string email, string password)
    {
        var user = await users.FindByEmailAsync(email.Trim());
        if (user is null)
        {
            // The same hash work as a real check (an unknown email took 7 ms against 250 ms for a known one).
            s_dummyHash ??= users.PasswordHasher.HashPassword(new CairnUser(), "not anybody's password " + Guid.NewGuid());
            users.PasswordHasher.VerifyHashedPassword(new CairnUser(), s_dummyHash, password);
            logger.LogInformation("Sign-in failed for an email without an account");
            return new(Outcome.Failed, null);
        }

        var check = await signIn.CheckPasswordSignInAsync(user, password, lockoutOnFailure: true);
        if (check.Succeeded)
        {
            logger.LogInformation("User {UserId} signed in", user.Id);
            return new(Outcome.Succeeded, user);
        }
        if (check.IsLockedOut)
        {
            // Identity refuses a locked account before it hashes: hash anyway, or the time would tell.
            s_dummyHash ??= users.PasswordHasher.HashPassword(new CairnUser(), "not anybody's password " + Guid.NewGuid());
            users.PasswordHasher.VerifyHashedPassword(new CairnUser(), s_dummyHash, password);
            logger.LogWarning("Sign-in refused: user {UserId} is locked out", user.Id);
            return new(Outcome.LockedOut, user);
        }
        logger.LogInformation("Sign-in failed for user {UserId}", user.Id);
        return new(Outcome.Failed, user);
    }
}
