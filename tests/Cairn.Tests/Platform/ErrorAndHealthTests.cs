using System.Net;
using System.Net.Http.Json;
using Cairn.Tests.Infrastructure;
using Cairn.Web.Platform.Data;
using Cairn.Web.Platform.Web;
using Microsoft.Extensions.Logging;
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

    /// <summary>Settings that point the app at a database that is not there, and do not try to prepare it.</summary>
    public static Dictionary<string, string?> UnreachableDatabase()
    {
        var unreachable = TestDatabase.IsPostgres
            ? new Dictionary<string, string?> { ["ConnectionStrings:Postgres"] = "Host=127.0.0.1;Port=1;Database=nowhere;Timeout=2" }
            : new Dictionary<string, string?> { ["ConnectionStrings:Sqlite"] = "Data Source=/nonexistent-folder/cairn.db" };
        unreachable["Cairn:Database:MigrateOnStartup"] = "false";
        unreachable["Cairn:SeedDemoData"] = "false";
        return unreachable;
    }

    [Fact]
    public async Task Health_Ready_Answers503_WhenTheDatabaseIsUnreachable()
    {
        await using var broken = new CairnApp(UnreachableDatabase());
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

/// <summary>Issue 11, item 4: a probe that finds the site not ready yet is no error; readiness changes are logged once each.</summary>
public sealed class ReadinessLogTests
{
    private static IEnumerable<LoggedLine> Readiness(LoggedApp app) => app.Logs.Lines.Where(l => l.Category == typeof(ReadinessLog).FullName);

    [Fact]
    public async Task WhileNotReady_ProbesLogNoErrors_AndNotReadyIsSaidOnce()
    {
        await using var app = new LoggedApp(ErrorAndHealthTests.UnreachableDatabase());
        using var client = app.CreateClient();
        for (var probe = 0; probe < 5; probe++) Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/health/ready")).StatusCode);

        Assert.DoesNotContain(app.Logs.Lines, l => l.Category == HealthEndpoints.HealthCheckServiceCategory);
        var said = Assert.Single(Readiness(app));
        Assert.Equal(LogLevel.Information, said.Level);
        Assert.StartsWith("Not ready yet", said.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OnceReady_ItIsSaidOnce()
    {
        await using var app = new LoggedApp();
        await app.InitializeAsync();
        using var client = app.CreateClient();
        for (var probe = 0; probe < 3; probe++) Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
        var said = Assert.Single(Readiness(app));
        Assert.Equal(LogLevel.Information, said.Level);
        Assert.StartsWith("Ready", said.Message, StringComparison.Ordinal);
        Assert.Contains(app.Logs.Lines, l => l.Category == typeof(DatabaseStartup).FullName && l.Message.StartsWith("Ready: the database was prepared", StringComparison.Ordinal));
    }
}
