using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cairn.Tests.Browser;
using Cairn.Web.Platform.Accounts;
using Microsoft.EntityFrameworkCore;

namespace Cairn.Tests.Modules.Account;

/// <summary>Cairn on Kestrel behind a "proxy" on loopback, so that each request can come from its own client address.</summary>
public sealed class ProxiedApp : KestrelApp
{
    public ProxiedApp() : base(new Dictionary<string, string?> { ["Cairn:Proxy:KnownNetworks:0"] = "127.0.0.1/32" })
    {
    }
}

/// <summary>
/// Issue 10, item 8: five wrong passwords no longer lock an account for everyone. Failures count per email and
/// address; that address then waits, longer after each further failure, while the owner elsewhere signs in.
/// </summary>
public sealed class SignInThrottleTests(ProxiedApp app) : IClassFixture<ProxiedApp>
{
    [Fact]
    public void Delays_Grow_FromThirtySeconds_UpToTheCap()
    {
        var cap = TimeSpan.FromMinutes(15);
        Assert.Equal(TimeSpan.Zero, SignInThrottle.DelayAfter(4, 5, cap));
        Assert.Equal(TimeSpan.FromSeconds(30), SignInThrottle.DelayAfter(5, 5, cap));
        Assert.Equal(TimeSpan.FromSeconds(60), SignInThrottle.DelayAfter(6, 5, cap));
        Assert.Equal(TimeSpan.FromMinutes(8), SignInThrottle.DelayAfter(9, 5, cap));
        Assert.Equal(cap, SignInThrottle.DelayAfter(10, 5, cap));
        Assert.Equal(cap, SignInThrottle.DelayAfter(int.MaxValue, 5, cap));
    }

    private async Task<(HttpStatusCode Status, string Body)> SignInAsync(string address, string email, string password)
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{app.Port}") };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/token") { Content = JsonContent.Create(new { email, password }) };
        request.Headers.Add("X-Forwarded-For", address);
        var response = await http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task FailuresFromOneAddress_MakeOnlyThatAddressWait_AndUnknownEmailsLookTheSame()
    {
        var user = await app.CreateUserAsync();
        for (var i = 0; i < 5; i++) Assert.Equal(HttpStatusCode.Unauthorized, (await SignInAsync("198.51.100.7", user.Email, "guess " + i)).Status);

        // The attacker's address waits, even with the right password.
        var held = await SignInAsync("198.51.100.7", user.Email, user.Password);
        Assert.Equal(HttpStatusCode.Unauthorized, held.Status);
        Assert.Contains("Too many failed sign-ins", JsonDocument.Parse(held.Body).RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);

        // The owner, from their own address, signs in as usual; that clears nothing for the attacker.
        Assert.Equal(HttpStatusCode.OK, (await SignInAsync("203.0.113.20", user.Email, user.Password)).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SignInAsync("198.51.100.7", user.Email, user.Password)).Status);

        // An email without an account is answered word for word the same way.
        var nobody = $"nobody{Guid.NewGuid():N}@example.test"[..30];
        for (var i = 0; i < 5; i++) await SignInAsync("198.51.100.8", nobody, "guess " + i);
        var unknown = await SignInAsync("198.51.100.8", nobody, "guess 5");
        for (var i = 0; i < 5; i++) await SignInAsync("198.51.100.9", user.Email, "guess " + i);
        var known = await SignInAsync("198.51.100.9", user.Email, "guess 5");
        Assert.Equal(known.Status, unknown.Status);
        Assert.Equal(Detail(known.Body), Detail(unknown.Body));
    }

    // The wait's number may differ by a second between the two; the words may not.
    private static string Detail(string body) =>
        System.Text.RegularExpressions.Regex.Replace(JsonDocument.Parse(body).RootElement.GetProperty("detail").GetString() ?? "", "[0-9]+", "N");

    [Fact]
    public async Task FailuresOlderThanADay_AreForgotten_WhenNewOnesAreCounted()
    {
        var (scope, db) = await app.DbForAsync(null);
        await using (scope)
        {
            db.Add(new SignInFailure { EmailKey = new string('a', 64), Address = "192.0.2.1", Failures = 3, LastFailedAt = DateTime.UtcNow.AddDays(-2) });
            await db.SaveChangesAsync();
        }
        await SignInAsync("192.0.2.2", $"fresh{Guid.NewGuid():N}@example.test"[..30], "a guess");
        var (checkScope, check) = await app.DbForAsync(null);
        await using (checkScope)
        {
            Assert.False(await check.Set<SignInFailure>().AnyAsync(f => f.Address == "192.0.2.1"));
            Assert.True(await check.Set<SignInFailure>().AnyAsync(f => f.Address == "192.0.2.2"));
        }
    }
}
