using Npgsql;

namespace Cairn.Web.Platform.Data;

/// <summary>
/// Runs one atomic statement (or one whole transaction) again when PostgreSQL chose it as a deadlock's victim or
/// refused it for a serialization failure. Bulk statements over rows of several lists take their counter rows in
/// the order the rows happen to be visited, so two of them can wait on each other; the database then cancels
/// one, whose work was rolled back whole and may simply be run again.
/// </summary>
public static class DeadlockRetry
{
    public const int Attempts = 5;

    public static async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await work(cancellationToken);
            }
            catch (Exception exception) when (attempt < Attempts && IsRetryable(exception))
            {
                // A short, growing, jittered pause, so that the two do not collide again at once.
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(5, 25) * attempt), cancellationToken);
            }
        }
    }

    public static bool IsRetryable(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
            if (e is PostgresException { SqlState: PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure })
                return true;
        return false;
    }
}
