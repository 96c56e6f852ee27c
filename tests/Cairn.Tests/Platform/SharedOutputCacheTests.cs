using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Cairn.Tests.Infrastructure;

namespace Cairn.Tests.Platform;

/// <summary>Issue 11, item 2: with Redis, the output cache and its evictions are shared by every instance.</summary>
public sealed class SharedOutputCacheTests
{

    private static Dictionary<string, string?> Settings(string redis, string prefix) => new()
    {
        ["ConnectionStrings:Redis"] = redis,
        ["Cairn:RateLimits:KeyPrefix"] = prefix,
    };

    private static HttpClient Api(CairnApp app, string workspace, string? token = null)
    {
        var client = app.CreateClient(new() { BaseAddress = new Uri($"http://{workspace}.localhost"), AllowAutoRedirect = false });
        if (token is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Token", token);
        return client;
    }

    private static async Task<string[]> TagsAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<JsonElement>("/api/tags")).GetProperty("tags").EnumerateArray().Select(t => t.GetString()!).ToArray();

    [Fact]
    public async Task AWriteOnOneInstance_EvictsTheCachedAnswersOfTheOther()
    {
        var redis = TestRedis.Address();
        var prefix = $"test-{Guid.NewGuid():N}";
        await using var first = new CairnApp(Settings(redis, prefix));
        await first.InitializeAsync();
        var ws = await first.CreateWorkspaceAsync(prefix: "shared", openJoining: true);
        await using var second = new CairnApp(Settings(redis, prefix), first.DataDirectory, first.Database);
        await second.InitializeAsync();

        var name = $"c{Guid.NewGuid():N}"[..12];
        using var register = Api(first, ws);
        var registered = await register.PostAsJsonAsync("/api/users", new { user = new { username = name, email = $"{name}@example.test", password = CairnApp.DefaultPassword } });
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        var token = (await registered.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("user").GetProperty("token").GetString();

        // The second instance answers (and caches) the tags first.
        using var onSecond = Api(second, ws);
        Assert.DoesNotContain("granite", await TagsAsync(onSecond));

        // A write through the first instance: the second's next answer has it at once, not a minute later.
        using var onFirst = Api(first, ws, token);
        var created = await onFirst.PostAsJsonAsync("/api/articles", new { article = new { title = "Dry stone", description = "d", body = "b", tagList = new[] { "granite" } } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Contains("granite", await TagsAsync(onSecond));
    }

    [Fact]
    public async Task AnUnreachableRedis_LeavesCachedEndpointsAnswering()
    {
        await using var app = new CairnApp(Settings("127.0.0.1:1,connectTimeout=200,syncTimeout=200,asyncTimeout=200", "down"));
        await app.InitializeAsync();
        using var client = Api(app, "demo");
        for (var i = 0; i < 2; i++) Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/tags")).StatusCode);
    }
}
