using Cairn.Web.Platform.Accounts;
using Cairn.Tests.Infrastructure;
using System.Net;
using Cairn.Web.Modules.Account;
using Cairn.Web.Platform.Commands;
using Microsoft.Playwright;

namespace Cairn.Tests.Browser;

/// <summary>A person in a real browser: sign up, log out, log in, open a second workspace on its own host.</summary>
public sealed class AccountWalkTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task SignUp_LogOut_LogIn_InChromium()
    {
        await using var context = await app.Chromium.NewContextAsync();
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") errors.Add($"{message.Text} at {message.Location}"); };

        var handle = $"walker{Guid.NewGuid():N}"[..14];
        var email = $"{handle}@example.test";
        const string password = "a walk in the park at noon";

        await page.GotoAsync(app.Url("/"));
        await page.GetByRole(AriaRole.Link, new() { Name = "Sign up", Exact = true }).First.ClickAsync();
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Username").FillAsync(handle);
        await page.GetByLabel("Display name").FillAsync("Walker Person");
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(password);
        await page.GetByLabel("Confirm password").FillAsync("not the same");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-valmsg-for='Input.ConfirmPassword']")).ToHaveTextAsync("The two passwords differ.");

        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(password);
        await page.GetByLabel("Confirm password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("check-email")).ToContainTextAsync("Check your inbox");

        // The mailed link (the job writes the message to the data folder: no SMTP server here), then its button.
        await app.RunOutboxAsync<SendSignupLink>();
        var link = await app.MailedLinkAsync(email, "/account/confirm?token=");
        await page.GotoAsync(app.Url(link.PathAndQuery));
        await page.GetByRole(AriaRole.Button, new() { Name = "Create my account" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("current-user")).ToContainTextAsync("Walker Person");
        await Assertions.Expect(page.Locator(".flash-messages")).ToContainTextAsync("Your account is ready");

        await page.GetByRole(AriaRole.Button, new() { Name = "Log out" }).ClickAsync();
        await Assertions.Expect(page.Locator(".flash-messages")).ToContainTextAsync("You have been logged out.");
        await Assertions.Expect(page.GetByTestId("current-user")).ToHaveCountAsync(0);

        await page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "Log in" }).ClickAsync();
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync("wrong password here");
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
        await Assertions.Expect(page.Locator(".validation-summary-errors")).ToContainTextAsync("Wrong email or password.");

        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("current-user")).ToContainTextAsync("Walker Person");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Hello, Walker Person!");

        // The navigation's dropdown (Bootstrap's script, served by the site) lists the workspace.
        await page.GetByRole(AriaRole.Button, new() { Name = "Workspaces" }).Or(page.GetByRole(AriaRole.Link, new() { Name = "Workspaces" })).First.ClickAsync();
        await Assertions.Expect(page.GetByTestId("workspace-menu")).ToBeVisibleAsync();
        Assert.True(errors.Count == 0, string.Join("\n", errors)); // no script blocked by the content security policy, no missing file
    }

    [Fact]
    public async Task WorkspaceCreatedByCommand_OpensOnItsOwnHost()
    {
        var slug = $"walk-{Guid.NewGuid():N}"[..14];
        Assert.Equal(0, await ManagementCommands.RunAsync(app.Services, ["workspace", "create", slug, "--name", "Second Space"], TextWriter.Null, TextWriter.Null));

        await using var context = await app.Chromium.NewContextAsync();
        var page = await context.NewPageAsync();
        var response = await page.GotoAsync(app.Url("/", slug));
        Assert.Equal(200, response!.Status);
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("Second Space");

        var missing = await page.GotoAsync(app.Url("/", "nobody-here"));
        Assert.Equal(404, missing!.Status);
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("No such workspace");
    }

    [Fact]
    public async Task RequestBody_OverTheLimit_Answers413()
    {
        using var http = new HttpClient();
        using var body = new ByteArrayContent(new byte[11 * 1024 * 1024]);
        body.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/x-www-form-urlencoded");
        using var request = new HttpRequestMessage(HttpMethod.Post, app.Url("/account/login")) { Content = body };
        request.Headers.ExpectContinue = true; // the server answers before the body is sent, as it would to a browser
        var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }
}
