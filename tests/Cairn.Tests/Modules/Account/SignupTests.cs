using System.Net;
using Cairn.Tests.Infrastructure;
using Cairn.Web.Platform.Accounts;
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
    public async Task Signup_WhenValid_SignsInAndMakesAMemberOfThatWorkspace()
    {
        var slug = await app.CreateWorkspaceAsync(prefix: "join", openJoining: true);
        var handle = NewHandle();
        using var client = app.Browser(slug);

        var response = await client.SubmitAsync("/account/signup", Form(handle));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location!.OriginalString);

        var (_, home) = await client.GetAsync("/");
        Assert.Contains($"Person {handle}", home.QuerySelector("[data-testid=current-user]")!.TextContent);
        Assert.Contains("Your account is ready", home.QuerySelector(".flash-messages")!.TextContent);

        var (scope, db) = await app.DbForAsync(slug);
        await using (scope)
        {
            var membership = await db.Memberships.Include(m => m.User).SingleAsync(m => m.User!.UserName == handle);
            Assert.Equal(WorkspaceRole.Member, membership.Role);
        }
    }

    [Fact]
    public async Task Signup_ReturnsToThePageTheUserCameFrom()
    {
        using var client = app.Browser();
        var response = await client.SubmitAsync("/account/signup?returnUrl=%2Fworkspaces%2Fnew", Form(NewHandle()));
        Assert.Equal("/workspaces/new", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Signup_WithAnOffSiteReturnUrl_GoesHome()
    {
        using var client = app.Browser();
        var response = await client.SubmitAsync("/account/signup?returnUrl=https%3A%2F%2Fevil.example%2F", Form(NewHandle()));
        Assert.Equal("/", response.Headers.Location!.OriginalString);
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
    public async Task Signup_WithAnEmailAlreadyUsed_Refuses()
    {
        var existing = await app.CreateUserAsync();
        using var client = app.Browser();
        var form = Form(NewHandle());
        form["Input.Email"] = existing.Email;
        var response = await client.SubmitAsync("/account/signup", form);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await PageClient.ParseAsync(response);
        Assert.Contains("is already taken", page.QuerySelector("[data-valmsg-for='Input.Email']")!.TextContent);
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
        await client.SubmitAsync("/account/signup", Form(handle));

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
