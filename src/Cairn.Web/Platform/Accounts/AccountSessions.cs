using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;

namespace Cairn.Web.Platform.Accounts;

/// <summary>
/// Ends a user's sign-ins everywhere. Every credential carries the account's security stamp (cookies hold it,
/// API tokens a hash of it), and each is checked against the stored one: a new stamp fails them all. Refresh
/// tokens, which outlive a stamp check, are revoked as rows, in every workspace.
/// </summary>
public sealed class AccountSessions(UserManager<CairnUser> users, CairnDbContext db, TimeProvider clock)
{
    public const string StampClaim = "stamp";

    /// <summary>What a token carries of <paramref name="securityStamp"/>: enough to compare, nothing to reuse.</summary>
    public static string StampOf(string? securityStamp) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(securityStamp ?? "")).AsSpan(0, 12));

    /// <summary>"Sign out everywhere": a new stamp, and no refresh token left.</summary>
    public async Task SignOutEverywhereAsync(CairnUser user, CancellationToken cancellationToken)
    {
        await users.UpdateSecurityStampAsync(user);
        await RevokeRefreshTokensAsync(user.Id, cancellationToken);
    }

    /// <summary>After a change of password or email (Identity has given the account a new stamp already).</summary>
    public async Task RevokeRefreshTokensAsync(Guid userId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        // Across workspaces: the account is one, whichever workspace its tokens were issued on.
        using var across = db.AcrossWorkspaces();
        await db.InEveryWorkspace<RefreshToken>().Where(t => t.UserId == userId && t.RevokedAt == null)
            .ExecuteUpdateAsync(set => set.SetProperty(t => t.RevokedAt, now), cancellationToken);
    }

    /// <summary>Whether a token's stamp claim matches the account's stamp now.</summary>
    public async Task<bool> IsCurrentAsync(Guid userId, string? stamp, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(stamp)) return false;
        var stored = await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => u.SecurityStamp).FirstOrDefaultAsync(cancellationToken);
        return stored is not null && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(StampOf(stored)), Encoding.ASCII.GetBytes(stamp));
    }
}

/// <summary>A sign-in cookie's session that was logged out: a copy of that cookie no longer signs anyone in.</summary>
public sealed class EndedSession
{
    public required string Id { get; set; }

    /// <summary>When the cookie would have expired anyway; the row can go then.</summary>
    public DateTime ExpiresAt { get; set; }
}

/// <summary>
/// Each sign-in cookie carries a session id (kept when the cookie is renewed). Logging out records the id as
/// ended, and every request's cookie is checked against those: logging out ends the session on the server, not
/// only in the browser that pressed the button.
/// </summary>
public static class CookieSessions
{
    public const string Claim = "cairn:session";

    public static string NewId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    public static async Task EndAsync(CairnDbContext db, System.Security.Claims.ClaimsPrincipal user, TimeSpan cookieLifetime, DateTime now, CancellationToken cancellationToken)
    {
        if (user.FindFirst(Claim)?.Value is not { Length: > 0 } id) return;
        await db.Set<EndedSession>().Where(s => s.ExpiresAt < now).ExecuteDeleteAsync(cancellationToken);
        if (await db.Set<EndedSession>().AnyAsync(s => s.Id == id, cancellationToken)) return;
        var ended = new EndedSession { Id = id, ExpiresAt = now + cookieLifetime };
        db.Add(ended);
        await db.SaveIdempotentAsync(ended, cancellationToken);
    }

    public static Task<bool> IsEndedAsync(CairnDbContext db, string id, CancellationToken cancellationToken) =>
        db.Set<EndedSession>().AsNoTracking().AnyAsync(s => s.Id == id, cancellationToken);
}
