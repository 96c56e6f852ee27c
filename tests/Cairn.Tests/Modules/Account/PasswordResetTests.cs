using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cairn.Tests.Infrastructure;
using Cairn.Web.Modules.Account;

namespace Cairn.Tests.Modules.Account;

/// <summary>"Forgot your password?": the same answer for every address, a mailed link that works once, and every other session ended.</summary>
public sealed class PasswordResetTests(SessionCheckApp app) : IClassFixture<SessionCheckApp>
{
    private const string NewPassword = "a brand new phrase for the spring";

    private async Task<HttpResponseMessage> AskAsync(PageClient client, string email) =>
        await client.SubmitAsync("/account/forgot", new Dictionary<string, string> { ["Email"] = email });

    private static Dictionary<string, string> Passwords(string password) => new() { ["Password"] = password, ["ConfirmPassword"] = password };

    [Fact]
    public async Task AResetLink_ChangesThePasswordOnce_SignsIn_AndEndsEveryOtherSession()
    {
        var user = await app.CreateUserAsync();
        using var api = app.Browser();
        var pair = await (await api.Http.PostAsJsonAsync("/api/v1/auth/token", new { email = user.Email, password = user.Password })).Content.ReadFromJsonAsync<JsonElement>();
        using var elsewhere = app.Browser();
        await elsewhere.LogInAsync(user);

        // Known and unknown addresses get the same answer; each gets a message saying what it is.
        using var client = app.Browser();
        var known = await AskAsync(client, user.Email);
        var unknown = await AskAsync(client, $"nobody{Guid.NewGuid():N}@example.test");
        Assert.Equal(HttpStatusCode.Redirect, known.StatusCode);
        Assert.Equal(known.StatusCode, unknown.StatusCode);
        Assert.Equal("/account/check-email", known.Headers.Location!.OriginalString);
        Assert.Equal(known.Headers.Location, unknown.Headers.Location);
        await app.RunOutboxAsync<SendPasswordReset>();
        var link = await app.MailedLinkAsync(user.Email, "/account/reset?");

        // A password the rules refuse is shown beside the field, and the link still works afterwards.
        var weak = await client.SubmitAsync(link.PathAndQuery, Passwords("password123"));
        Assert.Equal(HttpStatusCode.OK, weak.StatusCode);
        Assert.Contains("common", (await PageClient.ParseAsync(weak)).QuerySelector("[data-valmsg-for='Password']")!.TextContent, StringComparison.Ordinal);

        var changed = await client.SubmitAsync(link.PathAndQuery, Passwords(NewPassword));
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        var (_, home) = await client.GetAsync("/");
        Assert.Contains(user.DisplayName, home.QuerySelector("[data-testid=current-user]")!.TextContent, StringComparison.Ordinal);

        // The old password, the other browser's cookie and the API's refresh token are done with.
        using var again = app.Browser();
        Assert.Equal(HttpStatusCode.OK, (await again.SubmitLoginAsync(user)).StatusCode);
        await again.LogInAsync(user with { Password = NewPassword });
        var refreshed = await api.Http.PostAsJsonAsync("/api/v1/auth/refresh", new Dictionary<string, string> { ["refresh_token"] = pair.GetProperty("refresh_token").GetString()! });
        Assert.Equal(HttpStatusCode.Unauthorized, refreshed.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await elsewhere.Http.GetAsync("/account/profile")).StatusCode);

        // Used once: opened again, it says so.
        using var late = app.Browser();
        var (_, reused) = await late.GetAsync(link.PathAndQuery);
        Assert.Contains("not valid", reused.QuerySelector("[data-testid=reset-problem]")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AResetLink_ForAnotherAccount_OrAltered_ChangesNothing()
    {
        var victim = await app.CreateUserAsync();
        var attacker = await app.CreateUserAsync();
        using var client = app.Browser();
        await AskAsync(client, attacker.Email);
        await app.RunOutboxAsync<SendPasswordReset>();
        var link = await app.MailedLinkAsync(attacker.Email, "/account/reset?");
        var query = System.Web.HttpUtility.ParseQueryString(link.Query);

        // The attacker's own code, sent with the victim's id; and a code with a character changed.
        var code = query["code"]!;
        var altered = code[..10] + (code[10] == 'A' ? 'B' : 'A') + code[11..];
        foreach (var path in new[] { $"/account/reset?user={victim.Id}&code={Uri.EscapeDataString(code)}", $"/account/reset?user={attacker.Id}&code={Uri.EscapeDataString(altered)}" })
        {
            var (_, page) = await client.GetAsync(path);
            Assert.NotNull(page.QuerySelector("[data-testid=reset-problem]"));
            var token = await client.AntiforgeryTokenAsync("/account/forgot");
            var posted = await client.Http.PostAsync(path, new FormUrlEncodedContent(new Dictionary<string, string>(Passwords(NewPassword)) { ["__RequestVerificationToken"] = token }));
            Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
            Assert.NotNull((await PageClient.ParseAsync(posted)).QuerySelector("[data-testid=reset-problem]"));
        }
        using var check = app.Browser();
        await check.LogInAsync(victim);
        using var check2 = app.Browser();
        await check2.LogInAsync(attacker);
    }
}
