using System.Diagnostics;
using Cairn.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Cairn.Tests.Modules.Tasks;

/// <summary>A clock that started at a chosen instant and runs on from it at real speed.</summary>
public sealed class ShiftedClock(DateTimeOffset start) : TimeProvider
{
    private readonly long _started = Stopwatch.GetTimestamp();

    public override DateTimeOffset GetUtcNow() => start + Stopwatch.GetElapsedTime(_started);
}

/// <summary>Cairn whose "now" is Thursday 26 November 2026, 10:30 UTC, whenever the tests run.</summary>
public sealed class ClockedApp : CairnApp
{
    public static readonly DateTimeOffset Start = new(2026, 11, 26, 10, 30, 0, TimeSpan.Zero);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(new ShiftedClock(Start)));
    }
}
