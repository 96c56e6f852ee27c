using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cairn.Tests.Browser;
using Cairn.Tests.Infrastructure;

namespace Cairn.Tests.Platform;

/// <summary>
/// API rate limits: per caller, per workspace, stricter on sign-in; 429 with Retry-After and problem details; with
/// Redis, two instances of Cairn draw from one budget (the test command starts a real Redis: CAIRN_TEST_REDIS).
/// </summary>
public sealed class RateLimitTests
{
    private static Dictionary<string, string?> Limits(int caller, int workspace, int auth, string? redis = null, string? prefix = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Cairn:RateLimits:CallerPermits"] = caller.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Cairn:RateLimits:WorkspacePermits"] = workspace.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Cairn:RateLimits:AuthPermits"] = auth.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Cairn:RateLimits:Window"] = "00:10:00",
        };
        if (redis is not null)
        {
            settings["ConnectionStrings:Redis"] = redis;
            settings["Cairn:RateLimits:KeyPrefix"] = prefix;
        }

        return settings;
    }


    private static async Task<List<HttpStatusCode>> CallsAsync(PageClient client, string path, int count)
    {
        var codes = new List<HttpStatusCode>();
        for (var i = 0; i < count; i++) codes.Add((await client.Http.GetAsync(path)).StatusCode);
        return codes;
    }

    [Fact]
    public async Task Caller_OverTheBudget_Gets429WithRetryAfterAndProblemDetails_OthersDoNot()
    {
        await using var app = new CairnApp(Limits(caller: 3, workspace: 1000, auth: 1000));
        await app.InitializeAsync();
        var ws = await app.CreateWorkspaceAsync(prefix: "rl");
        var alice = await app.CreateUserAsync(ws);
        var bob = await app.CreateUserAsync(ws);
        using var aliceClient = app.Browser(ws);
        await aliceClient.LogInAsync(alice);
        using var bobClient = app.Browser(ws);
        await bobClient.LogInAsync(bob);

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK], await CallsAsync(aliceClient, "/api/v1/tasks", 3));
        var refused = await aliceClient.Http.GetAsync("/api/v1/tasks");
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType!.MediaType);
        var retryAfter = int.Parse(refused.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, 600);
        Assert.Equal(429, (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetInt32());

        // Bob's budget is his own; pages are not API calls and are not counted.
        Assert.Equal(HttpStatusCode.OK, (await bobClient.Http.GetAsync("/api/v1/tasks")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await aliceClient.Http.GetAsync("/tasks")).StatusCode);
    }

    [Fact]
    public async Task Workspace_HasABudgetOfItsOwn()
    {
        await using var app = new CairnApp(Limits(caller: 1000, workspace: 4, auth: 1000));
        await app.InitializeAsync();
        var ws = await app.CreateWorkspaceAsync(prefix: "rlw");
        var other = await app.CreateWorkspaceAsync(prefix: "rlo");
        using var first = app.Browser(ws);
        using var second = app.Browser(ws);
        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized], await CallsAsync(first, "/api/v1/tasks", 2));
        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests], await CallsAsync(second, "/api/v1/tasks", 3));
        using var elsewhere = app.Browser(other);
        Assert.Equal(HttpStatusCode.Unauthorized, (await elsewhere.Http.GetAsync("/api/v1/tasks")).StatusCode);
    }

    [Fact]
    public async Task SignIn_IsStricter()
    {
        await using var app = new CairnApp(Limits(caller: 1000, workspace: 1000, auth: 2));
        await app.InitializeAsync();
        var ws = await app.CreateWorkspaceAsync(prefix: "rla");
        var user = await app.CreateUserAsync(ws);
        using var client = app.Browser(ws);
        Task<HttpResponseMessage> TokenAsync(string password) => client.Http.PostAsync("/api/v1/auth/token", JsonContent.Create(new { email = user.Email, password }));

        Assert.Equal(HttpStatusCode.OK, (await TokenAsync(user.Password)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await TokenAsync("wrong guess number two")).StatusCode);
        var third = await TokenAsync(user.Password);
        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
        Assert.True(third.Headers.Contains("Retry-After"));
        // The RealWorld login shares the sign-in budget; other API calls do not.
        Assert.Equal(HttpStatusCode.TooManyRequests, (await client.Http.PostAsync("/api/users/login", JsonContent.Create(new { user = new { email = user.Email, password = user.Password } }))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.Http.GetAsync("/api/v1/tasks")).StatusCode);
    }

    [Fact]
    public async Task TwoInstances_WithRedis_ShareOneBudget()
    {
        var redis = TestRedis.Address();
        var prefix = $"test-{Guid.NewGuid():N}";
        await using var first = new CairnApp(Limits(caller: 4, workspace: 1000, auth: 1000, redis, prefix));
        await first.InitializeAsync();
        var ws = await first.CreateWorkspaceAsync(prefix: "rlr");
        var user = await first.CreateUserAsync(ws);
        await using var second = new CairnApp(Limits(caller: 4, workspace: 1000, auth: 1000, redis, prefix), first.DataDirectory, first.Database);
        await second.InitializeAsync();

        using var a = first.Browser(ws);
        using var b = second.Browser(ws);
        var token = (await (await a.Http.PostAsync("/api/v1/auth/token", JsonContent.Create(new { email = user.Email, password = user.Password })))
            .Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString();
        foreach (var client in new[] { a, b }) client.Http.DefaultRequestHeaders.Authorization = new("Bearer", token);

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK], await CallsAsync(a, "/api/v1/tasks", 2));
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK], await CallsAsync(b, "/api/v1/tasks", 2));
        // Four permits are gone, two on each instance: both refuse now.
        Assert.Equal(HttpStatusCode.TooManyRequests, (await a.Http.GetAsync("/api/v1/tasks")).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await b.Http.GetAsync("/api/v1/tasks")).StatusCode);
    }

    [Fact]
    public async Task UnreachableRedis_LetsRequestsThrough()
    {
        await using var app = new CairnApp(Limits(caller: 2, workspace: 1000, auth: 1000, "127.0.0.1:1,connectTimeout=200,syncTimeout=200,asyncTimeout=200", "down"));
        await app.InitializeAsync();
        var ws = await app.CreateWorkspaceAsync(prefix: "rld");
        var user = await app.CreateUserAsync(ws);
        using var client = app.Browser(ws);
        await client.LogInAsync(user);
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK], await CallsAsync(client, "/api/v1/tasks", 3));
    }

    [Fact]
    public async Task SwitchedOff_NothingIsCounted_AndSignInStillWorks()
    {
        var settings = Limits(caller: 1, workspace: 1, auth: 1);
        settings["Cairn:RateLimits:Enabled"] = "false";
        await using var app = new CairnApp(settings);
        await app.InitializeAsync();
        var ws = await app.CreateWorkspaceAsync(prefix: "rlx");
        var user = await app.CreateUserAsync(ws);
        using var client = app.Browser(ws);

        // The sign-in endpoints name the "auth" policy; switched off, they answer as usual instead of failing.
        for (var i = 0; i < 3; i++)
            Assert.Equal(HttpStatusCode.OK, (await client.Http.PostAsync("/api/v1/auth/token", JsonContent.Create(new { email = user.Email, password = user.Password }))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.Http.PostAsync("/api/users/login", JsonContent.Create(new { user = new { email = user.Email, password = user.Password } }))).StatusCode);
        await client.LogInAsync(user);
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK], await CallsAsync(client, "/api/v1/tasks", 3));
    }

    /// <summary>Wrong-password sign-ins over real Kestrel from 127.0.0.1, each claiming another address and alternating between two workspaces.</summary>
    private static async Task<List<HttpStatusCode>> RotatingSignInsAsync(KestrelApp app, int count)
    {
        var first = await app.CreateWorkspaceAsync(prefix: "rlf");
        var second = await app.CreateWorkspaceAsync(prefix: "rlf");
        var user = await app.CreateUserAsync(first);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{app.Port}") };
        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < count; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/token")
            {
                Content = JsonContent.Create(new { email = user.Email, password = "not the password" }),
            };
            request.Headers.Add("X-Tenant", i % 2 == 0 ? first : second);
            request.Headers.Add("X-Forwarded-For", $"203.0.113.{i + 1}");
            answers.Add((await http.SendAsync(request)).StatusCode);
        }
        return answers;
    }

    [Fact]
    public async Task ForwardedFor_FromAnUnlistedProxy_IsIgnored_AndTheSignInBudgetSpansWorkspaces()
    {
        await using var app = new KestrelApp(Limits(caller: 1000, workspace: 1000, auth: 3));
        await app.InitializeAsync();
        // Loopback is not a configured proxy: the claimed addresses are ignored, so is the workspace.
        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests],
            await RotatingSignInsAsync(app, 4));
    }

    [Fact]
    public async Task ForwardedFor_FromAConfiguredProxy_IsBelieved()
    {
        var settings = Limits(caller: 1000, workspace: 1000, auth: 3);
        settings["Cairn:Proxy:KnownNetworks:0"] = "127.0.0.1/32";
        await using var app = new KestrelApp(settings);
        await app.InitializeAsync();
        // Behind a proxy the site trusts, each client address has its own budget.
        Assert.All(await RotatingSignInsAsync(app, 5), status => Assert.Equal(HttpStatusCode.Unauthorized, status));
    }
}
