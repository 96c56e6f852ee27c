using System.Net;
using System.Net.Http.Json;
using Cairn.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Cairn.Tests.Platform;

public sealed class ErrorAndHealthTests(CairnApp app)
{
    [Fact]
    public async Task UnknownUrl_ShowsTheStyled404Page()
    {
        using var client = app.Browser();
        var (response, page) = await client.GetAsync("/no/such/page");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("Page not found", page.QuerySelector("h1")!.TextContent);
        Assert.NotNull(page.QuerySelector("nav.navbar"));
    }

    [Fact]
    public async Task UnknownApiUrl_AnswersProblemDetails()
    {
        using var client = app.Browser();
        var response = await client.Http.GetAsync("/api/v1/nothing-here");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<Dictionary<string, object>>();
        Assert.Equal("Not Found", problem!["title"].ToString());
    }

    [Fact]
    public async Task Health_LiveAndReady_Answer200()
    {
        using var client = app.Browser("no-such-workspace"); // probes ignore the workspace
        Assert.Equal(HttpStatusCode.OK, (await client.Http.GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.Http.GetAsync("/health/ready")).StatusCode);
    }

    [Fact]
    public async Task Health_Ready_Answers503_WhenTheDatabaseIsUnreachable()
    {
        var unreachable = TestDatabase.IsPostgres
            ? new Dictionary<string, string?> { ["ConnectionStrings:Postgres"] = "Host=127.0.0.1;Port=1;Database=nowhere;Timeout=2" }
            : new Dictionary<string, string?> { ["ConnectionStrings:Sqlite"] = "Data Source=/nonexistent-folder/cairn.db" };
        unreachable["Cairn:Database:MigrateOnStartup"] = "false";
        unreachable["Cairn:SeedDemoData"] = "false";
        await using var broken = new CairnApp(unreachable);
        using var client = broken.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/health/ready")).StatusCode);
    }
}

/// <summary>An app with one extra route that throws, to see what users get from an unhandled exception.</summary>
public class FaultyApp : CairnApp
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.AddSingleton<IStartupFilter, ThrowingRoutes>());
    }

    private sealed class ThrowingRoutes : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            next(app);
            app.Run(context => context.Request.Path.Value!.EndsWith("/boom", StringComparison.Ordinal)
                ? throw new InvalidOperationException("secret internal detail")
                : Task.CompletedTask);
        };
    }
}

public sealed class UnhandledExceptionTests(FaultyApp app) : IClassFixture<FaultyApp>
{
    [Fact]
    public async Task Page_ThatThrows_Shows500WithoutInternals()
    {
        using var client = app.Browser();
        var (response, page) = await client.GetAsync("/boom");
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("Something went wrong", page.QuerySelector("h1")!.TextContent);
        var html = page.DocumentElement.OuterHtml;
        Assert.DoesNotContain("secret internal detail", html, StringComparison.Ordinal);
        Assert.DoesNotContain("InvalidOperationException", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Api_ThatThrows_AnswersProblemDetailsWithoutInternals()
    {
        using var client = app.Browser();
        var response = await client.Http.GetAsync("/api/boom");
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("secret internal detail", body, StringComparison.Ordinal);
    }
}
