using System.Security.Cryptography;
using System.Text;

namespace Cairn.Web.Platform.Accounts;

/// <summary>
/// One refresh token, stored only as its SHA-256 hash. Tokens issued one from another form a family (one sign-in);
/// each may be used once, and presenting a used one again revokes the whole family: somebody has a copy.
/// </summary>
public sealed class RefreshToken : ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public int TenantId { get; set; }
    public Guid UserId { get; set; }
    public Guid FamilyId { get; set; }
    public required string TokenHash { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime ExpiresAt { get; set; }
    public DateTime? UsedAt { get; set; }
    public DateTime? RevokedAt { get; set; }
}

internal static class RefreshTokenModel
{
    public static void Configure(Microsoft.EntityFrameworkCore.ModelBuilder model) => model.Entity<RefreshToken>(token =>
    {
        token.ToTable("accounts_refresh_tokens");
        token.Property(t => t.TokenHash).HasMaxLength(64);
        token.HasIndex(t => t.TokenHash).IsUnique();
        token.HasIndex(t => t.FamilyId);
        token.HasIndex(t => new { t.TenantId, t.UserId });
        token.HasOne<CairnUser>().WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Cascade);
    });
}

/// <summary>What <c>POST /api/v1/auth/token</c> and <c>/refresh</c> answer, in OAuth 2.0's words (RFC 6749 §5.1).</summary>
public sealed record TokenPair(
    [property: System.Text.Json.Serialization.JsonPropertyName("access_token")] string AccessToken,
    [property: System.Text.Json.Serialization.JsonPropertyName("token_type")] string TokenType,
    [property: System.Text.Json.Serialization.JsonPropertyName("expires_in")] int ExpiresIn,
    [property: System.Text.Json.Serialization.JsonPropertyName("refresh_token")] string RefreshToken);

public enum RefreshOutcome
{
    Refreshed,
    Unknown,
    Expired,
    Reused,
}

/// <summary>Issues, rotates and revokes refresh tokens (SimpleJWT's job).</summary>
public sealed class RefreshTokenService(CairnDbContext db, ApiTokens tokens, JwtOptions options, TimeProvider clock)
{
    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>A new pair for a fresh sign-in: a new family.</summary>
    public Task<TokenPair> IssueAsync(CairnUser user, TenantInfo tenant, CancellationToken cancellationToken) =>
        IssueAsync(user, tenant, Guid.CreateVersion7(), cancellationToken);

    /// <summary>
    /// Trades <paramref name="presented"/> for a new pair. Single use: marking it used is one conditional UPDATE, so
    /// two requests racing with the same token cannot both win; the loser is treated as a reuse.
    /// </summary>
    public async Task<(RefreshOutcome Outcome, TokenPair? Pair)> RefreshAsync(string presented, TenantInfo tenant, Func<Guid, Task<CairnUser?>> findMember, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var hash = Hash(presented);
        var stored = await db.Set<RefreshToken>().AsNoTracking().FirstOrDefaultAsync(t => t.TokenHash == hash, cancellationToken);
        if (stored is null) return (RefreshOutcome.Unknown, null);
        if (stored.UsedAt is not null || stored.RevokedAt is not null)
        {
            await RevokeFamilyAsync(stored.FamilyId, now, cancellationToken);
            return (RefreshOutcome.Reused, null);
        }

        if (stored.ExpiresAt <= now) return (RefreshOutcome.Expired, null);
        var won = await db.Set<RefreshToken>()
            .Where(t => t.Id == stored.Id && t.UsedAt == null && t.RevokedAt == null)
            .ExecuteUpdateAsync(set => set.SetProperty(t => t.UsedAt, now), cancellationToken);
        if (won == 0)
        {
            await RevokeFamilyAsync(stored.FamilyId, now, cancellationToken);
            return (RefreshOutcome.Reused, null);
        }

        // Someone removed from the workspace (or deleted) since cannot stay signed in through old tokens.
        if (await findMember(stored.UserId) is not { } user)
        {
            await RevokeFamilyAsync(stored.FamilyId, now, cancellationToken);
            return (RefreshOutcome.Unknown, null);
        }

        return (RefreshOutcome.Refreshed, await IssueAsync(user, tenant, stored.FamilyId, cancellationToken));
    }

    /// <summary>Revokes the family <paramref name="presented"/> belongs to (signing out everywhere it was refreshed). Unknown tokens: nothing.</summary>
    public async Task RevokeAsync(string presented, CancellationToken cancellationToken)
    {
        var hash = Hash(presented);
        var family = await db.Set<RefreshToken>().Where(t => t.TokenHash == hash).Select(t => (Guid?)t.FamilyId).FirstOrDefaultAsync(cancellationToken);
        if (family is { } id) await RevokeFamilyAsync(id, clock.GetUtcNow().UtcDateTime, cancellationToken);
    }

    private Task<int> RevokeFamilyAsync(Guid familyId, DateTime now, CancellationToken cancellationToken) =>
        db.Set<RefreshToken>().Where(t => t.FamilyId == familyId && t.RevokedAt == null)
            .ExecuteUpdateAsync(set => set.SetProperty(t => t.RevokedAt, now), cancellationToken);

    private async Task<TokenPair> IssueAsync(CairnUser user, TenantInfo tenant, Guid familyId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var refresh = Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        db.Set<RefreshToken>().Add(new RefreshToken
        {
            UserId = user.Id, FamilyId = familyId, TokenHash = Hash(refresh),
            CreatedAt = now, ExpiresAt = now + options.RefreshTokenLifetime,
        });
        await db.SaveChangesAsync(cancellationToken);
        var access = tokens.Issue(user, tenant, options.AccessTokenLifetime);
        return new TokenPair(access, "Bearer", (int)options.AccessTokenLifetime.TotalSeconds, refresh);
    }

    private static string Base64UrlEncode(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
