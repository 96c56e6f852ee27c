using System.Security.Cryptography;
using System.Text;

namespace Cairn.Web.Platform.Accounts;

/// <summary>Failed sign-ins for one email from one address (the email hashed, so unknown ones leave nothing readable).</summary>
public sealed class SignInFailure
{
    public int Id { get; set; }
    public required string EmailKey { get; set; }
    public required string Address { get; set; }
    public int Failures { get; set; }
    public DateTime LastFailedAt { get; set; }
    public DateTime? BlockedUntil { get; set; }
}

/// <summary>
/// Replaces a hard account lockout, which anyone could set off for any account (platform administrators'
/// included) and renew forever. Failures are counted per email <em>and</em> address: after
/// <c>MaxFailedSignIns</c> from one address, that address waits before its next try, 30 seconds and then twice
/// as long after each further failure, up to <c>LockoutDuration</c>. Other addresses, the account owner's
/// usual one among them, are not held up, and signed-in cookies (remember me) are untouched. Unknown emails are
/// counted the same, so the answers do not tell which emails have accounts.
/// </summary>
public sealed class SignInThrottle(CairnDbContext db, IOptions<AccountOptions> options, TimeProvider clock, IHttpContextAccessor accessor)
{
    public static readonly TimeSpan FirstDelay = TimeSpan.FromSeconds(30);

    /// <summary>Failures older than this start the count afresh.</summary>
    public static readonly TimeSpan Memory = TimeSpan.FromDays(1);

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>How long an address waits after its <paramref name="failures"/>-th failure for one email.</summary>
    public static TimeSpan DelayAfter(int failures, int freeFailures, TimeSpan cap)
    {
        if (failures < freeFailures) return TimeSpan.Zero;
        var doublings = Math.Min(failures - freeFailures, 20);
        var delay = FirstDelay * Math.Pow(2, doublings);
        return delay < cap ? delay : cap;
    }

    /// <summary>When the current address may try <paramref name="email"/> again, if it must wait.</summary>
    public async Task<DateTime?> BlockedUntilAsync(string email, CancellationToken cancellationToken)
    {
        var (key, address) = Keys(email);
        var until = await db.Set<SignInFailure>().AsNoTracking().Where(f => f.EmailKey == key && f.Address == address)
            .Select(f => f.BlockedUntil).FirstOrDefaultAsync(cancellationToken);
        return until > Now ? until : null;
    }

    public async Task FailedAsync(string email, CancellationToken cancellationToken)
    {
        var (key, address) = Keys(email);
        var settings = options.Value;
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var row = await db.Set<SignInFailure>().FirstOrDefaultAsync(f => f.EmailKey == key && f.Address == address, cancellationToken);
            if (row is null)
            {
                // A new row is the moment to forget the old ones: the table holds about a day of failures.
                await db.Set<SignInFailure>().Where(f => f.LastFailedAt < Now - Memory && (f.BlockedUntil == null || f.BlockedUntil < Now))
                    .ExecuteDeleteAsync(cancellationToken);
                row = new SignInFailure { EmailKey = key, Address = address };
                db.Add(row);
            }
            if (Now - row.LastFailedAt > Memory) row.Failures = 0;
            row.Failures++;
            row.LastFailedAt = Now;
            var delay = DelayAfter(row.Failures, settings.MaxFailedSignIns, settings.LockoutDuration);
            row.BlockedUntil = delay > TimeSpan.Zero ? Now + delay : null;
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return;
            }
            catch (DbUpdateException exception) when (UniqueViolations.Is(exception))
            {
                // Another failure from the same address inserted the row first: count on it.
                db.Entry(row).State = EntityState.Detached;
            }
        }
    }

    public Task SucceededAsync(string email, CancellationToken cancellationToken)
    {
        var (key, address) = Keys(email);
        return db.Set<SignInFailure>().Where(f => f.EmailKey == key && f.Address == address).ExecuteDeleteAsync(cancellationToken);
    }

    private (string Key, string Address) Keys(string email)
    {
        var key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(email.Trim().ToUpperInvariant())));
        var address = accessor.HttpContext?.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        return (key, address.Length > 45 ? address[..45] : address);
    }
}
