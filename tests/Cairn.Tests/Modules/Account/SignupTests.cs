using System.Net;
using Cairn.Tests.Infrastructure;
using Cairn.Web.Modules.Account;
using Cairn.Web.Platform.Accounts;
using Cairn.Web.Platform.Jobs;
using Cairn.Web.Platform.Tenancy;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Cairn.Tests.Modules.Account;

public sealed class SignupTests(CairnApp app)
{
    private static Dictionary<string, string> Form(string handle, string password = CairnApp.DefaultPassword, string? confirm = null) => new()
    {
        ["Input.Email"] = $"{handle}@example.test",
        ["Input.UserName"] = handle,
        ["Input.DisplayName"] = $"Person {handle}",
        ["Input.Password"] = password,
        ["Input.ConfirmPassword"] = confirm ?? password,
    };

    private static string NewHandle() => $"s{Guid.NewGuid():N}"[..12];

    [Fact]
    public async Task Signup_WhenValid_MailsALink_ThatSignsInAndMakesAMemberOfThatWorkspace()
    {
        var slug = await app.CreateWorkspaceAsync(prefix: "join", openJoining: true);
        var handle = NewHandle();
        using var client = app.Browser(slug);

        // The form alone makes nothing: it mails a link.
        var asked = await client.SubmitAsync("/account/signup", Form(handle));
        Assert.Equal("/account/check-email", asked.Headers.Location!.OriginalString);
        await using (var scope = app.Scope())
        {
            Assert.Null(await scope.ServiceProvider.GetRequiredService<UserManager<CairnUser>>().FindByNameAsync(handle));
        }
        var token = await app.SignupTokenAsync($"{handle}@example.test");
        Assert.NotNull(token);

        // Opening the link shows what it will make, and makes nothing yet (mail scanners open links).
        var (_, preview) = await client.GetAsync($"/account/confirm?token={Uri.EscapeDataString(token)}");
        Assert.Contains($"@{handle}", preview.QuerySelector("[data-testid=confirm-signup]")!.TextContent, StringComparison.Ordinal);
        await using (var scope = app.Scope())
        {
            Assert.Null(await scope.ServiceProvider.GetRequiredService<UserManager<CairnUser>>().FindByNameAsync(handle));
        }

        var response = await client.SubmitAsync($"/account/confirm?token={Uri.EscapeDataString(token)}", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location!.OriginalString);
        var (_, home) = await client.GetAsync("/");
        Assert.Contains($"Person {handle}", home.QuerySelector("[data-testid=current-user]")!.TextContent);
        Assert.Contains("Your account is ready", home.QuerySelector(".flash-messages")!.TextContent);

        var (dbScope, db) = await app.DbForAsync(slug);
        await using (dbScope)
        {
            var membership = await db.Memberships.Include(m => m.User).SingleAsync(m => m.User!.UserName == handle);
            Assert.Equal(WorkspaceRole.Member, membership.Role);
            Assert.True(membership.User!.EmailConfirmed);
        }

        // The link has done its work: opened again, it says so and makes nothing.
        using var again = app.Browser(slug);
        var reused = await again.Http.PostAsync($"/account/confirm?token={Uri.EscapeDataString(token)}",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = await again.AntiforgeryTokenAsync("/account/signup") }));
        Assert.Equal(HttpStatusCode.OK, reused.StatusCode);
        Assert.Contains("has an account", (await PageClient.ParseAsync(reused)).QuerySelector("[data-testid=confirm-problem]")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Signup_ReturnsToThePageTheUserCameFrom()
    {
        using var client = app.Browser();
        var response = await app.SignUpThroughPageAsync(client, Form(NewHandle()), "/account/signup?returnUrl=%2Fworkspaces%2Fnew");
        Assert.Equal("/workspaces/new", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Signup_WithAnOffSiteReturnUrl_GoesHome()
    {
        using var client = app.Browser();
        var response = await app.SignUpThroughPageAsync(client, Form(NewHandle()), "/account/signup?returnUrl=https%3A%2F%2Fevil.example%2F");
        Assert.Equal("/", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task SignupLinks_ThatAreAltered_OrFromAnotherWorkspace_MakeNothing()
    {
        var other = await app.CreateWorkspaceAsync(prefix: "elsewhere", openJoining: true);
        var handle = NewHandle();
        using var client = app.Browser();
        await client.SubmitAsync("/account/signup", Form(handle));
        var token = (await app.SignupTokenAsync($"{handle}@example.test"))!;

        // A link made on demo, opened on another workspace's host; and one with a character changed.
        using var elsewhere = app.Browser(other);
        var altered = token[..20] + (token[20] == 'A' ? 'B' : 'A') + token[21..];
        foreach (var (where, link) in new[] { (elsewhere, token), (client, altered), (client, "garbage") })
        {
            var answer = await where.Http.PostAsync($"/account/confirm?token={Uri.EscapeDataString(link)}",
                new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = await where.AntiforgeryTokenAsync("/account/signup") }));
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            Assert.Contains("not valid", (await PageClient.ParseAsync(answer)).QuerySelector("[data-testid=confirm-problem]")!.TextContent, StringComparison.Ordinal);
        }
        await using var scope = app.Scope();
        Assert.Null(await scope.ServiceProvider.GetRequiredService<UserManager<CairnUser>>().FindByNameAsync(handle));
    }

    [Theory]
    [InlineData("Input.Email", "", "Enter your email address.")]
    [InlineData("Input.Email", "not-an-email", "Enter a valid email address.")]
    [InlineData("Input.UserName", "", "Choose a username.")]
    [InlineData("Input.UserName", "has space", "Use letters, digits, '-' and '_' only.")]
    [InlineData("Input.DisplayName", "", "Enter the name people will see.")]
    [InlineData("Input.Password", "short pw", "at least 10 characters")]
    [InlineData("Input.Password", "password123", "most common passwords")]
    [InlineData("Input.Password", "aaaaaaaaaaaa", "one character repeated")]
    public async Task Signup_WhenAFieldIsInvalid_ShowsTheMessageBesideIt(string field, string value, string message)
    {
        using var client = app.Browser();
        var form = Form(NewHandle());
        form[field] = value;
        if (field == "Input.Password") form["Input.ConfirmPassword"] = value;

        var response = await client.SubmitAsync("/account/signup", form);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await PageClient.ParseAsync(response);
        var beside = page.QuerySelector($"[data-valmsg-for='{field}']")!.TextContent;
        Assert.Contains(message, beside, StringComparison.OrdinalIgnoreCase);
        // What was typed is kept (passwords excepted).
        Assert.Equal(form["Input.DisplayName"], page.QuerySelector("input[name='Input.DisplayName']")!.GetAttribute("value"));
    }

    [Fact]
    public async Task Signup_WhenPasswordsDiffer_Refuses()
    {
        using var client = app.Browser();
        var response = await client.SubmitAsync("/account/signup", Form(NewHandle(), confirm: "something else entirely"));
        var page = await PageClient.ParseAsync(response);
        Assert.Contains("The two passwords differ.", page.QuerySelector("[data-valmsg-for='Input.ConfirmPassword']")!.TextContent);
    }

    [Fact]
    public async Task Signup_WithAnEmailAlreadyUsed_AnswersAsForANewOne_AndTellsTheOwnerByMail()
    {
        var existing = await app.CreateUserAsync();
        using var client = app.Browser();
        var form = Form(NewHandle());
        form["Input.Email"] = existing.Email;
        var taken = await client.SubmitAsync("/account/signup", form);
        var fresh = await client.SubmitAsync("/account/signup", Form(NewHandle()));

        // The same answer: nothing on the page tells which addresses have an account.
        Assert.Equal(HttpStatusCode.Redirect, taken.StatusCode);
        Assert.Equal(fresh.StatusCode, taken.StatusCode);
        Assert.Equal(fresh.Headers.Location, taken.Headers.Location);

        // No link is made for it; the owner gets a note instead, and the account is unchanged.
        Assert.Null(await app.SignupTokenAsync(existing.Email));
        var (scope, db) = await app.DbForAsync(null);
        await using (scope)
        {
            var kind = typeof(SendSignupAttempt).FullName!;
            var notes = await db.Set<OutboxMessage>().Where(m => m.Kind == kind).Select(m => m.Payload).ToListAsync();
            Assert.Contains(notes, p => p.Contains(existing.Id.ToString(), StringComparison.Ordinal));
        }
        using var owner = app.Browser();
        await owner.LogInAsync(existing);
    }

    [Fact]
    public async Task Signup_WithAUsernameTaken_SaysSoBesideIt()
    {
        // Usernames are public (profiles show them), so saying one is taken tells nothing new.
        var existing = await app.CreateUserAsync();
        using var client = app.Browser();
        var form = Form(existing.UserName);
        form["Input.Email"] = $"{NewHandle()}@example.test";
        var response = await client.SubmitAsync("/account/signup", form);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await PageClient.ParseAsync(response);
        Assert.Contains("is taken", page.QuerySelector("[data-valmsg-for='Input.UserName']")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Signup_WithSomeoneElsesEmail_GivesTheSignerNoAccount_AndTheOwnerKeepsTheirOwnPassword()
    {
        // A stranger signs up first with an address that is not theirs: the link goes to the address's owner,
        // so the stranger has nothing to sign in with; the owner's own sign-up later works with their password.
        var handle = NewHandle();
        using var stranger = app.Browser();
        var squat = Form(NewHandle(), password: "the stranger's own password");
        squat["Input.Email"] = $"{handle}@example.test";
        await stranger.SubmitAsync("/account/signup", squat);
        var refused = await stranger.SubmitAsync("/account/login", new Dictionary<string, string> { ["Input.Email"] = $"{handle}@example.test", ["Input.Password"] = "the stranger's own password" });
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);

        using var owner = app.Browser();
        Assert.Equal(HttpStatusCode.Redirect, (await app.SignUpThroughPageAsync(owner, Form(handle))).StatusCode);
        using var later = app.Browser();
        await later.LogInAsync(new TestUser(Guid.Empty, $"{handle}@example.test", handle, "", CairnApp.DefaultPassword));
    }

    [Fact]
    public async Task Signup_WithoutAntiforgeryToken_IsRejected()
    {
        using var client = app.Browser();
        var response = await client.Http.PostAsync("/account/signup", new FormUrlEncodedContent(Form(NewHandle())));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Signup_StoresThePasswordWithPbkdf2Sha512At210kIterations()
    {
        var handle = NewHandle();
        using var client = app.Browser();
        await app.SignUpThroughPageAsync(client, Form(handle));

        await using var scope = app.Scope();
        var user = await scope.ServiceProvider.GetRequiredService<UserManager<CairnUser>>().FindByNameAsync(handle);
        var (prf, iterations) = PasswordHashFormat.Read(user!.PasswordHash!);
        Assert.Equal(KeyDerivationPrfSha512, prf);
        Assert.True(iterations >= 210_000, $"iterations = {iterations}");
    }

    private const int KeyDerivationPrfSha512 = 2;
}

/// <summary>Reads the header of an ASP.NET Core Identity v3 password hash.</summary>
internal static class PasswordHashFormat
{
    public static (int Prf, int Iterations) Read(string hash)
    {
        var bytes = Convert.FromBase64String(hash);
        Assert.Equal(0x01, bytes[0]);
        return ((int)System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(1)),
            (int)System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(5)));
    }
}
