using System.Diagnostics;
using System.Globalization;

namespace Cairn.Tests.Modules.Recipes.Import;

/// <summary>
/// The processor time the current thread spends on some work, from Linux's /proc/thread-self/stat (in 10 ms
/// ticks): unlike the wall clock, it does not grow when other processes share the cores. Elsewhere, the wall clock.
/// </summary>
public static class CpuClock
{
    private const string Stat = "/proc/thread-self/stat";

    /// <summary>Runs <paramref name="work"/>; gives the processor time and the wall time it took.</summary>
    public static (TimeSpan Cpu, TimeSpan Wall) Measure(Action work)
    {
        ArgumentNullException.ThrowIfNull(work);
        var wall = Stopwatch.StartNew();
        var before = ThreadTicks();
        work();
        var after = ThreadTicks();
        wall.Stop();
        return (before is { } b && after is { } a ? TimeSpan.FromMilliseconds((a - b) * 10) : wall.Elapsed, wall.Elapsed);
    }

    private static long? ThreadTicks()
    {
        if (!File.Exists(Stat)) return null;
        // Fields after the command name (which may hold spaces, inside parentheses): state is the 3rd, utime the 14th, stime the 15th.
        var text = File.ReadAllText(Stat);
        var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        return long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
    }
}
