using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Cairn.Tests.Infrastructure;
using Cairn.Web.Platform.Accounts;
using Microsoft.EntityFrameworkCore;

namespace Cairn.Tests.Platform;

/// <summary><c>/api/v1/auth</c>: access and refresh tokens, single-use rotation with reuse detection, revocation.</summary>
public sealed class AuthTokenTests(CairnApp app)
{
    private static async Task<JsonElement> BodyAsync(HttpResponseMessage response) => await response.Content.ReadFromJsonAsync<JsonElement>();

    private async Task<(string Workspace, TestUser User, PageClient Client)> MemberAsync()
    {
        var ws = await app.CreateWorkspaceAsync(prefix: "auth");
        var user = await app.CreateUserAsync(ws);
        return (ws, user, app.Browser(ws));
    }

    private static Task<HttpResponseMessage> TokenAsync(PageClient client, TestUser user, string? password = null) =>
        client.Http.PostAsync("/api/v1/auth/token", JsonContent.Create(new { email = user.Email, password = password ?? user.Password }));

    private static Task<HttpResponseMessage> RefreshAsync(PageClient client, string refresh) =>
        client.Http.PostAsync("/api/v1/auth/refresh", JsonContent.Create(new Dictionary<string, string> { ["refresh_token"] = refresh }));

    private static async Task<HttpStatusCode> CallTasksAsync(PageClient client, string access)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/tasks");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", access);
        return (await client.Http.SendAsync(request)).StatusCode;
    }

    [Fact]
    public async Task Token_AnswersInOAuthTerms_AndTheAccessTokenOpensTheApi()
    {
        var (_, user, client) = await MemberAsync();
        using (client)
        {
            var response = await TokenAsync(client, user);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var pair = await BodyAsync(response);
            Assert.Equal("Bearer", pair.GetProperty("token_type").GetString());
            Assert.Equal(15 * 60, pair.GetProperty("expires_in").GetInt32());
            Assert.False(string.IsNullOrEmpty(pair.GetProperty("refresh_token").GetString()));
            Assert.Equal(HttpStatusCode.OK, await CallTasksAsync(client, pair.GetProperty("access_token").GetString()!));
            Assert.Equal(HttpStatusCode.Unauthorized, await CallTasksAsync(client, pair.GetProperty("refresh_token").GetString()!));
        }
    }

    [Fact]
    public async Task WrongPassword_Stranger_AndMissingFields_AreRefusedWithProblemDetails()
    {
        var (ws, user, client) = await MemberAsync();
        var stranger = await app.CreateUserAsync(workspace: null);
        using (client)
        {
            var wrong = await TokenAsync(client, user, "not the password at all");
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
            Assert.Equal("application/problem+json", wrong.Content.Headers.ContentType!.MediaType);
            Assert.Equal(HttpStatusCode.Unauthorized, (await TokenAsync(client, stranger)).StatusCode);
            var empty = await client.Http.PostAsync("/api/v1/auth/token", JsonContent.Create(new { email = "" }));
            Assert.Equal(HttpStatusCode.UnprocessableEntity, empty.StatusCode);
            var errors = (await BodyAsync(empty)).GetProperty("errors");
            Assert.True(errors.TryGetProperty("email", out _));
            Assert.True(errors.TryGetProperty("password", out _));
        }
    }

    [Fact]
    public async Task Refresh_Rotates_AndReusingAnOldTokenRevokesTheWholeFamily()
    {
        var (ws, user, client) = await MemberAsync();
        using (client)
        {
            var first = await BodyAsync(await TokenAsync(client, user));
            var refresh1 = first.GetProperty("refresh_token").GetString()!;

            var second = await RefreshAsync(client, refresh1);
            Assert.Equal(HttpStatusCode.OK, second.StatusCode);
            var pair2 = await BodyAsync(second);
            var refresh2 = pair2.GetProperty("refresh_token").GetString()!;
            Assert.NotEqual(refresh1, refresh2);
            Assert.Equal(HttpStatusCode.OK, await CallTasksAsync(client, pair2.GetProperty("access_token").GetString()!));

            // Someone replays the first refresh token: refused, and the newer one dies with it.
            var replay = await RefreshAsync(client, refresh1);
            Assert.Equal(HttpStatusCode.Unauthorized, replay.StatusCode);
            Assert.Contains("already used", (await BodyAsync(replay)).GetProperty("detail").GetString(), StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.Unauthorized, (await RefreshAsync(client, refresh2)).StatusCode);

            // A separate sign-in is a separate family, untouched.
            var other = await BodyAsync(await TokenAsync(client, user));
            Assert.Equal(HttpStatusCode.OK, (await RefreshAsync(client, other.GetProperty("refresh_token").GetString()!)).StatusCode);

            // Only hashes are stored.
            var (scope, db) = await app.DbForAsync(ws);
            await using (scope)
            {
                var stored = await db.Set<RefreshToken>().Where(t => t.UserId == user.Id).Select(t => t.TokenHash).ToListAsync();
                Assert.Equal(4, stored.Count);
                Assert.DoesNotContain(refresh1, stored);
                Assert.Contains(RefreshTokenService.Hash(refresh1), stored);
            }
        }
    }

    [Fact]
    public async Task Revoke_EndsTheSignIn_AndExpiredOrForeignTokensAreRefused()
    {
        var (ws, user, client) = await MemberAsync();
        using (client)
        {
            var refresh = (await BodyAsync(await TokenAsync(client, user))).GetProperty("refresh_token").GetString()!;
            var revoked = await client.Http.PostAsync("/api/v1/auth/revoke", JsonContent.Create(new Dictionary<string, string> { ["refresh_token"] = refresh }));
            Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await RefreshAsync(client, refresh)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await client.Http.PostAsync("/api/v1/auth/revoke", JsonContent.Create(new Dictionary<string, string> { ["refresh_token"] = "never-issued" }))).StatusCode);

            var expiring = (await BodyAsync(await TokenAsync(client, user))).GetProperty("refresh_token").GetString()!;
            var (scope, db) = await app.DbForAsync(ws);
            await using (scope)
            {
                var hash = RefreshTokenService.Hash(expiring);
                await db.Set<RefreshToken>().Where(t => t.TokenHash == hash).ExecuteUpdateAsync(set => set.SetProperty(t => t.ExpiresAt, DateTime.UtcNow.AddMinutes(-1)));
            }

            var expired = await RefreshAsync(client, expiring);
            Assert.Equal(HttpStatusCode.Unauthorized, expired.StatusCode);
            Assert.Contains("expired", (await BodyAsync(expired)).GetProperty("detail").GetString(), StringComparison.Ordinal);

            // A refresh token of this workspace is unknown on another.
            var fresh = (await BodyAsync(await TokenAsync(client, user))).GetProperty("refresh_token").GetString()!;
            var elsewhere = await app.CreateWorkspaceAsync(prefix: "autho");
            using var foreign = app.Browser(elsewhere);
            Assert.Equal(HttpStatusCode.Unauthorized, (await RefreshAsync(foreign, fresh)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await RefreshAsync(client, fresh)).StatusCode);
        }
    }

    [Fact]
    public async Task SecondInstance_SharingTheDataFolder_AcceptsTheTokens()
    {
        var (ws, user, client) = await MemberAsync();
        using (client)
        {
            var pair = await BodyAsync(await TokenAsync(client, user));
            await using var second = new CairnApp([], app.DataDirectory, app.Database);
            await second.InitializeAsync();
            using var other = second.Browser(ws);
            Assert.Equal(HttpStatusCode.OK, await CallTasksAsync(other, pair.GetProperty("access_token").GetString()!));
            Assert.Equal(HttpStatusCode.OK, (await RefreshAsync(other, pair.GetProperty("refresh_token").GetString()!)).StatusCode);
        }
    }
}
