using Microsoft.AspNetCore.Identity;

namespace Cairn.Web.Platform.Accounts;

/// <summary>
/// The one password check behind the login page, <c>/api/v1/auth/token</c> and the RealWorld login: lockout
/// counted on failure, an old hash upgraded on success (Identity rehashes when its iteration count rose), and
/// the same work whether or not the email has an account, so that response times do not tell which do.
/// </summary>
public sealed class PasswordSignIn(UserManager<CairnUser> users, SignInManager<CairnUser> signIn, SignInThrottle throttle, TimeProvider clock,
    ILogger<PasswordSignIn> logger)
{
    public enum Outcome
    {
        Succeeded,
        Failed,
        LockedOut,
    }

    public sealed record Result(Outcome Outcome, CairnUser? User, TimeSpan RetryAfter = default)
    {
        public bool Succeeded => Outcome == Outcome.Succeeded;

        /// <summary>The words for a wait: the same for every email, known or not.</summary>
        public string WaitMessage => $"Too many failed sign-ins for this email from your address. Try again in {Words(RetryAfter)}.";

        private static string Words(TimeSpan wait) => wait.TotalSeconds < 90 ? $"{Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds))} seconds" : $"{(int)Math.Ceiling(wait.TotalMinutes)} minutes";
    }

    // A hash of the configured strength, made once per process, to verify against when there is no account.
    private static string? s_dummyHash;

    public async Task<Result> CheckAsync(string email, string password, CancellationToken cancellationToken = default)
    {
        email = email.Trim();
        var user = await users.FindByEmailAsync(email);
        if (await throttle.BlockedUntilAsync(email, cancellationToken) is { } until)
        {
            // Waiting: the password is not tried, but hashed all the same, so the time tells nothing.
            DummyVerify(password);
            logger.LogWarning("Sign-in refused: too many failures for {UserId} from this address", user?.Id);
            return new(Outcome.LockedOut, user, until - clock.GetUtcNow().UtcDateTime);
        }

        if (user is null)
        {
            // The same hash work as a real check (an unknown email took 7 ms against 250 ms for a known one).
            DummyVerify(password);
            await throttle.FailedAsync(email, cancellationToken);
            logger.LogInformation("Sign-in failed for an email without an account");
            return new(Outcome.Failed, null);
        }

        // Identity's own lockout stays off: the throttle above counts per email and address instead.
        var check = await signIn.CheckPasswordSignInAsync(user, password, lockoutOnFailure: false);
        if (check.Succeeded)
        {
            await throttle.SucceededAsync(email, cancellationToken);
            logger.LogInformation("User {UserId} signed in", user.Id);
            return new(Outcome.Succeeded, user);
        }
        if (check.IsLockedOut)
        {
            // Locked by an administrator (or by an older version's lockout): hash anyway, or the time would tell.
            DummyVerify(password);
            logger.LogWarning("Sign-in refused: user {UserId} is locked out", user.Id);
            return new(Outcome.LockedOut, user, (user.LockoutEnd ?? DateTimeOffset.UtcNow) - clock.GetUtcNow());
        }
        await throttle.FailedAsync(email, cancellationToken);
        logger.LogInformation("Sign-in failed for user {UserId}", user.Id);
        return new(Outcome.Failed, user);
    }

    private void DummyVerify(string password)
    {
        s_dummyHash ??= users.PasswordHasher.HashPassword(new CairnUser(), "not anybody's password " + Guid.NewGuid());
        users.PasswordHasher.VerifyHashedPassword(new CairnUser(), s_dummyHash, password);
    }
}
