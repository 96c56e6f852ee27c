using Microsoft.Data.Sqlite;
using Npgsql;

namespace Cairn.Web.Platform.Data;

/// <summary>
/// Check-then-insert races. Two identical requests at once both find a tag, slug, favourite or follow free, and
/// both insert it; the unique index keeps one row and refuses the other save. These helpers turn that refusal
/// into the answer the first request got: an idempotent success, or a save mended with what the other request
/// stored, instead of a 500.
/// </summary>
public static class UniqueViolations
{
    // N identical requests at once can need N-1 mends for the last of them (each round, one wins); ten covers
    // any burst the rate limits let through at once, and the jittered pause spreads the losers out.
    public const int SaveAttempts = 10;

    /// <summary>Whether <paramref name="exception"/> (or one inside it) is a unique or primary-key violation.</summary>
    public static bool Is(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation }) return true;
            // SQLITE_CONSTRAINT_UNIQUE and SQLITE_CONSTRAINT_PRIMARYKEY.
            if (e is SqliteException { SqliteErrorCode: 19, SqliteExtendedErrorCode: 2067 or 1555 }) return true;
        }
        return false;
    }

    /// <summary>
    /// Saves; when a unique index refuses the save, <paramref name="mend"/> brings the tracked changes in line with
    /// what was stored meanwhile and says whether it changed anything. Saved again while it does (up to
    /// <see cref="SaveAttempts"/> times); false when the conflict is one <paramref name="mend"/> cannot resolve.
    /// </summary>
    public static async Task<bool> SaveChangesMendingAsync(this DbContext db, Func<CancellationToken, Task<bool>> mend, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return true;
            }
            catch (DbUpdateException exception) when (Is(exception) && attempt < SaveAttempts)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(2, 20) * attempt), cancellationToken);
                if (!await mend(cancellationToken)) return false;
            }
        }
    }

    /// <summary>Saves <paramref name="added"/>, a row that may exist already (a favourite, a follow): if another request stored it first, that is success too.</summary>
    public static async Task SaveIdempotentAsync<T>(this DbContext db, T added, CancellationToken cancellationToken) where T : class
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException exception) when (Is(exception))
        {
            db.Entry(added).State = EntityState.Detached;
        }
    }

    /// <summary>
    /// For each added <typeparamref name="T"/> another request stored first (found by <paramref name="findStored"/>),
    /// <paramref name="swap"/> puts the stored one in its place and the added one is dropped. Returns how many were swapped.
    /// </summary>
    public static async Task<int> AdoptStoredAsync<T>(this DbContext db, Func<T, CancellationToken, Task<T?>> findStored, Action<T, T> swap,
        CancellationToken cancellationToken) where T : class
    {
        var swapped = 0;
        foreach (var entry in db.ChangeTracker.Entries<T>().Where(e => e.State == EntityState.Added).ToList())
        {
            if (await findStored(entry.Entity, cancellationToken) is not { } stored) continue;
            swap(entry.Entity, stored);
            entry.State = EntityState.Detached;
            swapped++;
        }
        return swapped;
    }
}
