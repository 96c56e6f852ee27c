using System.Diagnostics;
using Cairn.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Cairn.Web.Platform.Accounts;
using Cairn.Web.Platform.Commands;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Cairn.Tests.Platform;

public sealed class ManagementCommandTests(CairnApp app)
{
    private async Task<(int Exit, string Output, string Error)> Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await ManagementCommands.RunAsync(app.Services, args, output, error, new StringReader(""));
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Migrate_Succeeds()
    {
        var (exit, output, _) = await Run("migrate");
        Assert.Equal(0, exit);
        Assert.Contains("up to date", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateSuperuser_CreatesAPlatformAdministrator()
    {
        var email = $"root-{Guid.NewGuid():N}@example.test";
        var (exit, _, error) = await Run("createsuperuser", "--email", email, "--password", CairnApp.DefaultPassword);
        Assert.True(exit == 0, error);

        await using var scope = app.Scope();
        var user = await scope.ServiceProvider.GetRequiredService<UserManager<CairnUser>>().FindByEmailAsync(email);
        Assert.NotNull(user);
        Assert.True(user.IsPlatformAdmin);
    }

    [Fact]
    public async Task CreateSuperuser_ReadsThePasswordFromInput_WhenNotGiven()
    {
        var email = $"root-{Guid.NewGuid():N}@example.test";
        var exit = await ManagementCommands.RunAsync(app.Services, ["createsuperuser", "--email", email], TextWriter.Null, TextWriter.Null,
            new StringReader(CairnApp.DefaultPassword + "\n"));
        Assert.Equal(0, exit);
    }

    [Fact]
    public async Task CreateSuperuser_WithAnExistingEmail_FailsWithOneLine()
    {
        var user = await app.CreateUserAsync();
        var (exit, _, error) = await Run("createsuperuser", "--email", user.Email, "--password", CairnApp.DefaultPassword);
        Assert.Equal(1, exit);
        Assert.Equal("error: a user with email '" + user.Email + "' already exists", error.Trim());
    }

    [Fact]
    public async Task CreateSuperuser_WithAWeakPassword_Fails()
    {
        var (exit, _, error) = await Run("createsuperuser", "--email", $"w-{Guid.NewGuid():N}@example.test", "--password", "password123");
        Assert.Equal(1, exit);
        Assert.Contains("common", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WorkspaceCreate_ThenList_ShowsIt()
    {
        var owner = await app.CreateUserAsync(workspace: null);
        var slug = $"cli-{Guid.NewGuid():N}"[..14];
        var (exit, output, error) = await Run("workspace", "create", slug, "--name", "From the CLI", "--owner", owner.Email);
        Assert.True(exit == 0, error);
        Assert.Contains(slug, output, StringComparison.Ordinal);

        var (listExit, list, _) = await Run("workspace", "list");
        Assert.Equal(0, listExit);
        var line = list.Split('\n').Single(l => l.StartsWith(slug + " ", StringComparison.Ordinal));
        Assert.Contains("From the CLI", line, StringComparison.Ordinal);
        Assert.Matches(@"\s1\s", line);
    }

    [Fact]
    public async Task WorkspaceCreate_IsInvitationOnly_UnlessJoiningIsOpen()
    {
        async Task<bool> OpenJoiningAsync(string slug)
        {
            await using var scope = app.Scope();
            var db = scope.ServiceProvider.GetRequiredService<Cairn.Web.Platform.Data.CairnDbContext>();
            return await db.Tenants.Where(t => t.Slug == slug).Select(t => t.OpenJoining).SingleAsync();
        }

        var closed = $"cli-{Guid.NewGuid():N}"[..14];
        var (exit, output, error) = await Run("workspace", "create", closed, "--name", "Closed");
        Assert.True(exit == 0, error);
        Assert.Contains("joined by invitation", output, StringComparison.Ordinal);
        Assert.False(await OpenJoiningAsync(closed));

        var open = $"cli-{Guid.NewGuid():N}"[..14];
        (exit, output, error) = await Run("workspace", "create", open, "--name", "Open", "--joining", "open");
        Assert.True(exit == 0, error);
        Assert.True(await OpenJoiningAsync(open));

        (exit, _, error) = await Run("workspace", "create", $"cli-{Guid.NewGuid():N}"[..14], "--name", "Odd", "--joining", "sometimes");
        Assert.Equal(2, exit);
        Assert.Contains("'invitation' or 'open'", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Bad_Slug", "lower-case letters")]
    [InlineData("www", "reserved")]
    public async Task WorkspaceCreate_WithAnInvalidSlug_FailsWithOneLine(string slug, string reason)
    {
        var (exit, _, error) = await Run("workspace", "create", slug, "--name", "Nope");
        Assert.Equal(1, exit);
        Assert.Single(error.Trim().Split('\n'));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WorkspaceCreate_WithATakenSlug_Fails()
    {
        var (exit, _, error) = await Run("workspace", "create", "demo", "--name", "Again");
        Assert.Equal(1, exit);
        Assert.Contains("is taken", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WorkspaceCreate_WithAnUnknownOwner_Fails()
    {
        var (exit, _, error) = await Run("workspace", "create", $"own-{Guid.NewGuid():N}"[..12], "--name", "X", "--owner", "ghost@example.test");
        Assert.Equal(1, exit);
        Assert.Equal("error: no user with email 'ghost@example.test'", error.Trim());
    }

    [Theory]
    [InlineData("workspace", "create", "no-name")]
    [InlineData("workspace", "rename")]
    [InlineData("createsuperuser")]
    [InlineData("migrat")]
    [InlineData("migrate", "--verbose", "yes")]
    [InlineData("workspace", "create", "typo-owner", "--name", "X", "--ownr", "a@b.c")]
    public async Task BadUsage_ExitsWithTwo(params string[] args)
    {
        var (exit, _, error) = await Run(args);
        Assert.Equal(2, exit);
        Assert.StartsWith("error:", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true, "migrat")]
    [InlineData(true, "workspace", "list")]
    [InlineData(false, "--urls", "http://127.0.0.1:5001")]
    [InlineData(false)]
    public void AnyFirstWordIsACommand_SoATypoNeverStartsTheServer(bool isCommand, params string[] args) =>
        Assert.Equal(isCommand, ManagementCommands.IsCommand(args));

    [Fact]
    public async Task PublishedStyleExecutable_RunsCommandsWithTheSameConfiguration()
    {
        // dotnet Cairn.Web.dll workspace list, against this test app's database and data folder.
        var start = CairnProcess.For(app, "workspace", "create", $"proc-{Guid.NewGuid():N}"[..13], "--name", "By process");
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, output + error);
        Assert.Contains("created", output, StringComparison.Ordinal);

        using var refused = Process.Start(CairnProcess.For(app, "workspace", "create", "www", "--name", "Reserved"))!;
        var refusal = await refused.StandardError.ReadToEndAsync();
        await refused.WaitForExitAsync();
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("reserved", refusal, StringComparison.Ordinal);
    }
}
