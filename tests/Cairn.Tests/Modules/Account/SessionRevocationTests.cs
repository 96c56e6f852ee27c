using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Cairn.Tests.Infrastructure;

namespace Cairn.Tests.Modules.Account;

/// <summary>Checks every cookie on every request, so that revocation shows at once.</summary>
public sealed class SessionCheckApp : CairnApp
{
    public SessionCheckApp() : base(new Dictionary<string, string?> { ["Cairn:Accounts:SessionCheckInterval"] = "00:00:00" })
    {
    }
}

/// <summary>
/// Issue 10, item 4: a change of password or email, and "sign out everywhere", end every earlier credential of
/// the account: sign-in cookies, platform access tokens, refresh tokens and RealWorld tokens.
/// </summary>
public sealed class SessionRevocationTests(SessionCheckApp app) : IClassFixture<SessionCheckApp>
{
    private static async Task<JsonElement> BodyAsync(HttpResponseMessage response) => await response.Content.ReadFromJsonAsync<JsonElement>();

    private sealed record Credentials(PageClient Cookie, string Access, string Refresh, string RealWorld) : IDisposable
    {
        public void Dispose() => Cookie.Dispose();
    }

    private async Task<Credentials> SignInEveryWayAsync(string ws, TestUser user)
    {
        var cookie = app.Browser(ws);
        await cookie.LogInAsync(user);
        using var api = app.Browser(ws);
        var pair = await BodyAsync(await api.Http.PostAsJsonAsync("/api/v1/auth/token", new { email = user.Email, password = user.Password }));
        var realWorld = await BodyAsync(await api.Http.PostAsJsonAsync("/api/users/login", new { user = new { email = user.Email, password = user.Password } }));
        return new(cookie, pair.GetProperty("access_token").GetString()!, pair.GetProperty("refresh_token").GetString()!,
            realWorld.GetProperty("user").GetProperty("token").GetString()!);
    }

    /// <summary>What each credential gets now: the profile page, /api/v1/tasks, a refresh, and GET /api/user.</summary>
    private async Task<HttpStatusCode[]> TryAsync(string ws, Credentials credentials)
    {
        var page = (await credentials.Cookie.Http.GetAsync("/account/profile")).StatusCode;
        using var api = app.Browser(ws);
        using var tasks = new HttpRequestMessage(HttpMethod.Get, "/api/v1/tasks");
        tasks.Headers.Authorization = new AuthenticationHeaderValue("Bearer", credentials.Access);
        var access = (await api.Http.SendAsync(tasks)).StatusCode;
        var refresh = (await api.Http.PostAsJsonAsync("/api/v1/auth/refresh", new { refresh_token = credentials.Refresh })).StatusCode;
        using var me = new HttpRequestMessage(HttpMethod.Get, "/api/user");
        me.Headers.Authorization = new AuthenticationHeaderValue("Token", credentials.RealWorld);
        var realWorld = (await api.Http.SendAsync(me)).StatusCode;
        return [page, access, refresh, realWorld];
    }

    private static readonly HttpStatusCode[] AllWork = [HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK];
    // The page sends a signed-out visitor to log in; the APIs answer 401.
    private static readonly HttpStatusCode[] AllRefused = [HttpStatusCode.Redirect, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized];

    [Theory]
    [InlineData("password")]
    [InlineData("email")]
    public async Task AChangeThroughTheApi_EndsEveryEarlierCredential_AndAnswersWithAFreshToken(string change)
    {
        var ws = await app.CreateWorkspaceAsync(prefix: "rev");
        var user = await app.CreateUserAsync(ws);
        using var before = await SignInEveryWayAsync(ws, user);
        using var spare = await SignInEveryWayAsync(ws, user);
        // Each credential works beforehand (tried on a set of its own: a refresh token works once).
        using (var control = await SignInEveryWayAsync(ws, user)) Assert.Equal(AllWork, await TryAsync(ws, control));

        using var api = app.Browser(ws);
        api.Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Token", before.RealWorld);
        object update = change == "password"
            ? new { user = new { password = "an entirely new passphrase" } }
            : new { user = new { email = $"moved{Guid.NewGuid():N}"[..16] + "@example.test" } };
        var changed = await api.Http.PutAsJsonAsync("/api/user", update);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        var fresh = (await BodyAsync(changed)).GetProperty("user").GetProperty("token").GetString();
        Assert.NotEqual(before.RealWorld, fresh);

        Assert.Equal(AllRefused, await TryAsync(ws, before));
        Assert.Equal(AllRefused, await TryAsync(ws, spare));
        using var me = new HttpRequestMessage(HttpMethod.Get, "/api/user");
        me.Headers.Authorization = new AuthenticationHeaderValue("Token", fresh);
        Assert.Equal(HttpStatusCode.OK, (await api.Http.SendAsync(me)).StatusCode);
    }

    [Fact]
    public async Task SignOutEverywhere_OnTheProfilePage_EndsEverySignIn()
    {
        var ws = await app.CreateWorkspaceAsync(prefix: "rev");
        var user = await app.CreateUserAsync(ws);
        using var elsewhere = await SignInEveryWayAsync(ws, user);
        using var here = await SignInEveryWayAsync(ws, user);
        using (var control = await SignInEveryWayAsync(ws, user)) Assert.Equal(AllWork, await TryAsync(ws, control));

        var signedOut = await here.Cookie.SubmitAsync("/account/profile", new Dictionary<string, string>(), "[data-testid=sign-out-everywhere]");
        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
        Assert.Equal("/account/login", signedOut.Headers.Location!.OriginalString);

        Assert.Equal(AllRefused, await TryAsync(ws, elsewhere));
        Assert.Equal(AllRefused, await TryAsync(ws, here));
        // Signing in again works as ever.
        using var again = await SignInEveryWayAsync(ws, user);
        Assert.Equal(AllWork, await TryAsync(ws, again));
    }

    [Fact]
    public async Task Logout_EndsTheSessionOnTheServer_SoACopiedCookieNoLongerSignsIn()
    {
        var ws = await app.CreateWorkspaceAsync(prefix: "rev");
        var user = await app.CreateUserAsync(ws);
        using var browser = app.Browser(ws);
        var login = await browser.SubmitLoginAsync(user);
        var cookie = login.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("cairn.auth=", StringComparison.Ordinal)).Split(';')[0];
        using var other = await SignInEveryWayAsync(ws, user);

        // Someone copied the cookie: it works as well as the original, until the original logs out.
        using var thief = app.CreateClient(new() { BaseAddress = new Uri($"http://{ws}.localhost"), AllowAutoRedirect = false, HandleCookies = false });
        async Task<HttpStatusCode> StolenAsync()
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/account/profile");
            request.Headers.Add("Cookie", cookie);
            return (await thief.SendAsync(request)).StatusCode;
        }
        Assert.Equal(HttpStatusCode.OK, await StolenAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await browser.SubmitAsync("/account/logout", new Dictionary<string, string>())).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, await StolenAsync());

        // Only that session ended: the account's other sign-ins go on.
        Assert.Equal(AllWork, await TryAsync(ws, other));
    }
}
