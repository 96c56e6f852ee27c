using System.Net;
using Cairn.Tests.Infrastructure;
using Cairn.Tests.Modules.Blog;

namespace Cairn.Tests.Platform;

/// <summary>A site at https://cairn.test:8443, reached here over plain HTTP as a proxy would pass it on.</summary>
public sealed class PublicAddressApp : CairnApp
{
    public PublicAddressApp() : base(new Dictionary<string, string?>
    {
        ["Cairn:Tenancy:BaseDomain"] = "cairn.test",
        ["Cairn:Tenancy:PublicUrl"] = "https://cairn.test:8443",
    })
    {
    }

    public HttpClient On(string host) => CreateClient(new() { BaseAddress = new Uri($"http://{host}"), AllowAutoRedirect = false });
}

/// <summary>
/// Issue 10, item 12: absolute URLs come from configuration, never from the request's Host header, and a host
/// outside the base domain is answered 404 rather than served as the default workspace.
/// </summary>
public sealed class PublicAddressTests(PublicAddressApp app) : IClassFixture<PublicAddressApp>
{
    [Fact]
    public async Task FeedsSitemapsAndOpenApi_NameTheConfiguredAddress()
    {
        var owner = await app.CreateUserAsync(workspace: null);
        var ws = await app.CreateWorkspaceAsync(owner.Id, prefix: "pub");
        await BlogSeed.PostAsync(app, ws, owner.Id, "Addressed");
        using var client = app.On($"{ws}.cairn.test");

        var feed = await client.GetStringAsync("/blog/feed");
        Assert.Contains($"https://{ws}.cairn.test:8443/blog/addressed", feed, StringComparison.Ordinal);
        Assert.DoesNotContain("http://", feed.Replace("http://www.w3.org", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains($"<loc>https://{ws}.cairn.test:8443/</loc>", await client.GetStringAsync("/sitemap.xml"), StringComparison.Ordinal);
        Assert.Contains($"\"url\": \"https://{ws}.cairn.test:8443\"", await client.GetStringAsync("/openapi/v1.json"), StringComparison.Ordinal);

        // By IP address: the default workspace, still under its configured name.
        using var byAddress = app.On("127.0.0.1");
        Assert.Contains("<loc>https://cairn.test:8443/</loc>", await byAddress.GetStringAsync("/sitemap.xml"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/sitemap.xml")]
    [InlineData("/api/v1/tasks")]
    public async Task AHostOutsideTheBaseDomain_Is404_AndNotEchoed(string path)
    {
        using var client = app.On("attacker.example");
        var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("attacker", await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }
}
