namespace Cairn.Tests.Infrastructure;

/// <summary>
/// Waiting for something that happens in the background (a job, a sweep, a message), without fixed sleeps: the
/// condition is checked every <c>50 ms</c> until it holds, and a test fails with what it waited for when it never does.
/// </summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultWithin = TimeSpan.FromSeconds(30);

    /// <summary>Waits until <paramref name="condition"/> holds; throws <see cref="TimeoutException"/> naming <paramref name="what"/> after <paramref name="within"/>.</summary>
    public static async Task Until(Func<Task<bool>> condition, string what, TimeSpan? within = null)
    {
        var until = DateTime.UtcNow + (within ?? DefaultWithin);
        while (!await condition())
        {
            if (DateTime.UtcNow > until) throw new TimeoutException($"waited {(within ?? DefaultWithin).TotalSeconds:0} s for {what}");
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }

    public static Task Until(Func<bool> condition, string what, TimeSpan? within = null) => Until(() => Task.FromResult(condition()), what, within);

    /// <summary>Waits until <paramref name="probe"/> gives a value <paramref name="done"/> accepts, and returns it.</summary>
    public static async Task<T> Until<T>(Func<Task<T>> probe, Func<T, bool> done, string what, TimeSpan? within = null)
    {
        var value = await probe();
        await Until(async () => done(value = await probe()), what, within);
        return value;
    }
}
