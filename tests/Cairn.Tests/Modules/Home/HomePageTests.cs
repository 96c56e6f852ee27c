using System.Net;
using Cairn.Tests.Infrastructure;

namespace Cairn.Tests.Modules.Home;

public sealed class HomePageTests(CairnApp app)
{
    [Fact]
    public async Task Home_WhenAnonymous_GreetsAndOffersSignup()
    {
        using var client = app.Browser();
        var (response, page) = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Hello, world!", page.QuerySelector("h1")!.TextContent);
        Assert.NotNull(page.QuerySelector("nav a[href='/account/signup']"));
        Assert.NotNull(page.QuerySelector("nav a[href='/account/login']"));
    }

    [Fact]
    public async Task Home_WhenSignedIn_ShowsTheUsersNameAndRole()
    {
        var user = await app.CreateUserAsync();
        using var client = app.Browser();
        await client.LogInAsync(user);
        var (_, page) = await client.GetAsync("/");
        Assert.Equal($"Hello, {user.DisplayName}!", page.QuerySelector("h1")!.TextContent);
        Assert.Contains(user.DisplayName, page.QuerySelector("[data-testid=current-user]")!.TextContent);
        Assert.Contains("You are Member here.", page.QuerySelector("main")!.TextContent);
    }

    [Fact]
    public async Task Layout_ServesBootstrapFromThisSite()
    {
        using var client = app.Browser();
        var (_, page) = await client.GetAsync("/");
        var css = page.QuerySelector("link[rel=stylesheet][href*='bootstrap']")!.GetAttribute("href")!;
        var js = page.QuerySelector("script[src*='bootstrap']")!.GetAttribute("src")!;
        Assert.StartsWith("/lib/bootstrap/", css, StringComparison.Ordinal);
        Assert.StartsWith("/lib/bootstrap/", js, StringComparison.Ordinal);
        var file = await client.Http.GetAsync(css);
        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        Assert.Contains("Bootstrap", await file.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task FlashMessage_SurvivesExactlyOneRedirect()
    {
        var user = await app.CreateUserAsync();
        using var client = app.Browser();
        var response = await client.SubmitLoginAsync(user);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

        var (_, first) = await client.GetAsync(response.Headers.Location!.OriginalString);
        var alert = first.QuerySelector(".flash-messages .alert-success");
        Assert.NotNull(alert);
        Assert.Contains("Welcome back", alert.TextContent);

        var (_, second) = await client.GetAsync("/");
        Assert.Null(second.QuerySelector(".flash-messages"));
    }
}
