using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Cairn.Tests.Infrastructure;

namespace Cairn.Tests.Modules.Account;

/// <summary>
/// Issue 10, item 3: the sign-in APIs do the same work for an email without an account as for one with (they
/// skipped the password hash: about 7 ms against 250 ms), so response times do not tell which emails have
/// accounts. Measured as a ratio of medians, interleaved in one process, not against a fixed time.
/// </summary>
[Collection(TimingCollection.Name)]
public sealed class SignInTimingTests
{
    private const int Rounds = 15;

    public static TheoryData<string> Endpoints => ["/api/v1/auth/token", "/api/users/login"];

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task UnknownAndKnownEmails_TakeTheSameTime(string endpoint)
    {
        // Lockout would end the known email's failures early (and is tested elsewhere).
        await using var app = new CairnApp(new Dictionary<string, string?> { ["Cairn:Accounts:MaxFailedSignIns"] = "1000" });
        await app.InitializeAsync();
        var user = await app.CreateUserAsync();
        using var client = app.Browser();

        async Task<double> TimeAsync(string email)
        {
            object body = endpoint == "/api/users/login"
                ? new { user = new { email, password = "a wrong password, surely" } }
                : new { email, password = "a wrong password, surely" };
            var started = Stopwatch.GetTimestamp();
            var response = await client.Http.PostAsJsonAsync(endpoint, body);
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            return elapsed;
        }

        await TimeAsync(user.Email);
        await TimeAsync("warm-up@nowhere.test");

        // A leak makes unknown emails far faster (they would skip the hash: 7 ms against 250 ms, under 5 % of the
        // known time), so only that direction fails, and only below half. A busy 2-core machine has opened 30 %
        // gaps either way by chance (known 158 ms and unknown 108, then known 107 and unknown 159; in a full run,
        // known 142 and unknown 98, then 124 and 99), so a gap is measured again, once: a leak fails both times.
        var attempts = new List<string>();
        for (var attempt = 0; attempt < 2; attempt++)
        {
            var (k, u) = await MediansAsync(attempt);
            attempts.Add($"known {k:F1} ms, unknown {u:F1} ms");
            TestContext.Current.TestOutputHelper?.WriteLine($"{endpoint}: {attempts[^1]} (medians of {Rounds})");
            if (u >= 0.5 * k) return;
        }

        Assert.Fail($"{endpoint}: {string.Join("; then ", attempts)} (medians of {Rounds})");

        async Task<(double Known, double Unknown)> MediansAsync(int attempt)
        {
            var known = new List<double>();
            var unknown = new List<double>();
            // Alternating which goes first (ABBA), so that a machine speeding up or slowing down favours neither.
            for (var i = 0; i < Rounds; i++)
            {
                if (i % 2 == 0)
                {
                    known.Add(await TimeAsync(user.Email));
                    unknown.Add(await TimeAsync($"nobody{attempt}-{i}@nowhere.test"));
                }
                else
                {
                    unknown.Add(await TimeAsync($"nobody{attempt}-{i}@nowhere.test"));
                    known.Add(await TimeAsync(user.Email));
                }
            }

            static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
            return (Median(known), Median(unknown));
        }
    }
}

/// <summary>Tests that compare times run alone, after the parallel ones, so that other tests' load does not skew one side.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimingCollection
{
    public const string Name = "Timing";
}
