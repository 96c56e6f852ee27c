using System.Net;
using Cairn.Tests.Infrastructure;
using Cairn.Web.Platform.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Cairn.Tests.Modules.Account;

public sealed class LoginTests(CairnApp app)
{
    private static Dictionary<string, string> Form(string email, string password) => new()
    {
        ["Input.Email"] = email,
        ["Input.Password"] = password,
    };

    [Fact]
    public async Task Login_WithWrongPassword_ShowsAClearMessage()
    {
        var user = await app.CreateUserAsync();
        using var client = app.Browser();
        var response = await client.SubmitAsync("/account/login", Form(user.Email, "not the password at all"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await PageClient.ParseAsync(response);
        Assert.Contains("Wrong email or password.", page.QuerySelector(".validation-summary-errors")!.TextContent);
    }

    [Fact]
    public async Task Login_WithUnknownEmail_ShowsTheSameMessage()
    {
        using var client = app.Browser();
        var response = await client.SubmitAsync("/account/login", Form("nobody@example.test", "whatever it may be"));
        var page = await PageClient.ParseAsync(response);
        Assert.Contains("Wrong email or password.", page.QuerySelector(".validation-summary-errors")!.TextContent);
    }

    [Fact]
    public async Task Login_WithEmptyFields_ShowsMessagesBesideThem()
    {
        using var client = app.Browser();
        var response = await client.SubmitAsync("/account/login", Form("", ""));
        var page = await PageClient.ParseAsync(response);
        Assert.Contains("Enter your email address.", page.QuerySelector("[data-valmsg-for='Input.Email']")!.TextContent);
        Assert.Contains("Enter your password.", page.QuerySelector("[data-valmsg-for='Input.Password']")!.TextContent);
    }

    [Fact]
    public async Task Login_AfterFiveFailures_MakesThisAddressWait_EvenForTheRightPassword()
    {
        var user = await app.CreateUserAsync();
        using var client = app.Browser();
        for (var i = 0; i < 5; i++) await client.SubmitAsync("/account/login", Form(user.Email, "wrong password " + i));

        var response = await client.SubmitAsync("/account/login", Form(user.Email, user.Password));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await PageClient.ParseAsync(response);
        Assert.Contains("Too many failed sign-ins for this email from your address", page.QuerySelector(".validation-summary-errors")!.TextContent);
        Assert.Null(page.QuerySelector("[data-testid=current-user]"));
    }

    [Fact]
    public async Task Login_ReturnsToThePageTheUserCameFrom()
    {
        var user = await app.CreateUserAsync();
        using var client = app.Browser();
        var challenge = await client.Http.GetAsync("/account/profile");
        Assert.Equal(HttpStatusCode.Redirect, challenge.StatusCode);
        var loginUrl = challenge.Headers.Location!.PathAndQuery;
        Assert.StartsWith("/account/login?ReturnUrl=", loginUrl, StringComparison.OrdinalIgnoreCase);

        var response = await client.SubmitAsync(loginUrl, Form(user.Email, user.Password));
        Assert.Equal("/account/profile", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Login_UpgradesAnOlderPasswordHash()
    {
        var user = await app.CreateUserAsync();
        await using (var scope = app.Scope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<CairnUser>>();
            var account = await users.FindByIdAsync(user.Id.ToString());
            var weaker = new PasswordHasher<CairnUser>(Options.Create(new PasswordHasherOptions { IterationCount = 100_000 }));
            account!.PasswordHash = weaker.HashPassword(account, user.Password);
            await users.UpdateAsync(account);
            Assert.Equal(100_000, PasswordHashFormat.Read(account.PasswordHash).Iterations);
        }

        using var client = app.Browser();
        await client.LogInAsync(user);

        await using (var scope = app.Scope())
        {
            var account = await scope.ServiceProvider.GetRequiredService<UserManager<CairnUser>>().FindByIdAsync(user.Id.ToString());
            Assert.Equal(210_000, PasswordHashFormat.Read(account!.PasswordHash!).Iterations);
        }
    }

    [Fact]
    public async Task Logout_ByGet_DoesNotSignOut_ByPost_Does()
    {
        var user = await app.CreateUserAsync();
        using var client = app.Browser();
        await client.LogInAsync(user);

        await client.Http.GetAsync("/account/logout");
        var (_, stillIn) = await client.GetAsync("/");
        Assert.NotNull(stillIn.QuerySelector("[data-testid=current-user]"));

        var response = await client.SubmitAsync("/account/logout", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var (_, home) = await client.GetAsync("/");
        Assert.Null(home.QuerySelector("[data-testid=current-user]"));
        Assert.Contains("You have been logged out.", home.QuerySelector(".flash-messages")!.TextContent);
    }

    [Fact]
    public async Task Logout_WithoutAntiforgeryToken_IsRejected()
    {
        var user = await app.CreateUserAsync();
        using var client = app.Browser();
        await client.LogInAsync(user);
        var response = await client.Http.PostAsync("/account/logout", new FormUrlEncodedContent([]));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
