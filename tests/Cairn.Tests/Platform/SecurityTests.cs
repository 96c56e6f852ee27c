using System.Net;
using Cairn.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Cairn.Tests.Platform;

public sealed class SecurityTests(CairnApp app)
{
    [Theory]
    [InlineData("/")]
    [InlineData("/account/login")]
    [InlineData("/no-such-page")]
    public async Task EveryResponse_CarriesTheSecurityHeaders(string path)
    {
        using var client = app.Browser();
        var response = await client.Http.GetAsync(path);
        var csp = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("strict-origin-when-cross-origin", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/account/signup")]
    [InlineData("/account/login")]
    public async Task Pages_HaveNoInlineScript(string path)
    {
        using var client = app.Browser();
        var (_, page) = await client.GetAsync(path);
        Assert.All(page.QuerySelectorAll("script"), script => Assert.False(string.IsNullOrEmpty(script.GetAttribute("src"))));
        Assert.DoesNotContain(page.All, element => element.Attributes.Any(a => a.Name.StartsWith("on", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Https_GetsHsts_OutsideDevelopment()
    {
        // Not bare localhost: HSTS is never sent for it.
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://demo.localhost") });
        var response = await client.GetAsync("/");
        Assert.Contains("max-age=", Assert.Single(response.Headers.GetValues("Strict-Transport-Security")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignInCookie_IsHttpOnlyAndLax_AndSecureOverHttps()
    {
        var user = await app.CreateUserAsync();
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions
        {
            BaseAddress = new Uri("https://localhost"),
            AllowAutoRedirect = false,
        });
        var pages = new PageClient(client);
        var response = await pages.SubmitLoginAsync(user);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("cairn.auth=", StringComparison.Ordinal)).ToLowerInvariant();
        Assert.Contains("httponly", cookie, StringComparison.Ordinal);
        Assert.Contains("samesite=lax", cookie, StringComparison.Ordinal);
        Assert.Contains("secure", cookie, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignIn_SurvivesARestart_BecauseKeysLiveInTheDataFolder()
    {
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(app.DataDirectory, "keys"), "key-*.xml"));
        var user = await app.CreateUserAsync();
        using var client = app.Browser();
        var response = await client.SubmitLoginAsync(user);
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("cairn.auth=", StringComparison.Ordinal)).Split(';')[0];

        // A second instance on the same data folder and database: what a restart or a second replica sees.
        await using var restarted = new CairnApp(new(), app.DataDirectory, app.Database);
        using var fresh = restarted.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/account/profile");
        request.Headers.Add("Cookie", cookie);
        var profile = await fresh.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, profile.StatusCode);
        var page = await PageClient.ParseAsync(profile);
        Assert.Contains(user.DisplayName, page.QuerySelector("[data-testid=current-user]")!.TextContent);
    }
}
