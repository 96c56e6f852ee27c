using System.Net;
using System.Net.Http.Json;
using Cairn.Tests.Infrastructure;
using Cairn.Web.Platform.Commands;

namespace Cairn.Tests.Platform;

public sealed class TenantResolutionTests(CairnApp app)
{
    [Fact]
    public async Task Subdomain_ServesThatWorkspace()
    {
        var slug = await app.CreateWorkspaceAsync(prefix: "host");
        using var client = app.Browser(slug);
        var (response, page) = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains($"Workspace {slug}", page.QuerySelector("main")!.TextContent);
    }

    [Fact]
    public async Task BareHost_ServesTheDefaultWorkspace()
    {
        using var client = app.Browser();
        var (response, page) = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Demo workspace", page.QuerySelector("main")!.TextContent);
    }

    [Fact]
    public async Task Header_SelectsTheWorkspace()
    {
        var slug = await app.CreateWorkspaceAsync(prefix: "hdr");
        using var client = app.Browser();
        client.Http.DefaultRequestHeaders.Add("X-Tenant", slug);
        var (response, page) = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains($"Workspace {slug}", page.QuerySelector("main")!.TextContent);
    }

    [Fact]
    public async Task UnknownWorkspace_ByHost_AnswersStyled404()
    {
        using var client = app.Browser("no-such-workspace");
        var (response, page) = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("No such workspace", page.QuerySelector("h1")!.TextContent);
        Assert.NotNull(page.QuerySelector("link[href*='bootstrap']"));
    }

    [Fact]
    public async Task UnknownWorkspace_ByHeader_Answers404()
    {
        using var client = app.Browser();
        client.Http.DefaultRequestHeaders.Add("X-Tenant", "no-such-workspace");
        var response = await client.Http.GetAsync("/");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task UnknownWorkspace_OnApi_AnswersProblemDetails()
    {
        using var client = app.Browser("no-such-workspace");
        var response = await client.Http.GetAsync("/api/anything");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<Dictionary<string, object>>();
        Assert.Equal("404", problem!["status"].ToString());
        Assert.Equal("There is no workspace 'no-such-workspace'.", problem["detail"].ToString());

        using var known = app.Browser();
        var onKnown = await known.Http.GetAsync("/api/anything");
        var knownProblem = await onKnown.Content.ReadFromJsonAsync<Dictionary<string, object>>();
        Assert.False(knownProblem!.ContainsKey("detail"));
    }

    [Fact]
    public async Task Startup_OnAnExistingDatabase_CreatesAMissingDefaultWorkspace()
    {
        // A second instance on the same database, configured with a default workspace that does not exist yet.
        var slug = $"dflt-{Guid.NewGuid():N}"[..14];
        await using var other = new CairnApp(new() { ["Cairn:Tenancy:DefaultWorkspace"] = slug, ["Cairn:Tenancy:DefaultWorkspaceName"] = "Fresh default" },
            app.DataDirectory, app.Database);
        await other.InitializeAsync();
        using var client = other.Browser();
        var (response, page) = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Fresh default", page.QuerySelector("main")!.TextContent);
    }

    [Fact]
    public async Task WorkspaceCreatedByCommand_IsServedWithoutRestart()
    {
        var slug = $"cmd-{Guid.NewGuid():N}"[..16];
        using var client = app.Browser(slug);
        Assert.Equal(HttpStatusCode.NotFound, (await client.Http.GetAsync("/")).StatusCode);

        var exit = await ManagementCommands.RunAsync(app.Services, ["workspace", "create", slug, "--name", "Made by a command"], TextWriter.Null, TextWriter.Null);
        Assert.Equal(0, exit);

        var (response, page) = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Made by a command", page.QuerySelector("main")!.TextContent);
    }
}
