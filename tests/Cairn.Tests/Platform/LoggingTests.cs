using System.Collections.Concurrent;
using Cairn.Tests.Infrastructure;
using Cairn.Web.Platform.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Cairn.Tests.Platform;

/// <summary>An app whose log lines are captured with their scopes.</summary>
public sealed class LoggingApp : FaultyApp
{
    public CapturingLoggerProvider Logs { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Logging:LogLevel:Default", "Information");
        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
    }
}

public sealed class CapturingLoggerProvider : ILoggerProvider, ISupportExternalScope
{
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public ConcurrentQueue<(string Category, string Message, Dictionary<string, object?> Scope)> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    private sealed class Logger(CapturingLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => provider._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var scope = new Dictionary<string, object?>();
            provider._scopes.ForEachScope((value, bag) =>
            {
                if (value is IEnumerable<KeyValuePair<string, object?>> pairs)
                    foreach (var (key, item) in pairs) bag[key] = item;
            }, scope);
            provider.Entries.Enqueue((category, formatter(state, exception), scope));
        }
    }
}

public sealed class LoggingTests(LoggingApp app) : IClassFixture<LoggingApp>
{
    [Fact]
    public async Task LogLines_InARequest_CarryTheRequestIdAndTheWorkspace()
    {
        var slug = await app.CreateWorkspaceAsync(prefix: "logs");
        var user = await app.CreateUserAsync(slug);
        using var client = app.Browser(slug);
        await client.LogInAsync(user);

        var signedIn = app.Logs.Entries.Where(e => e.Category.EndsWith("PasswordSignIn", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(signedIn);
        Assert.All(signedIn, entry =>
        {
            Assert.False(string.IsNullOrEmpty(entry.Scope.GetValueOrDefault("RequestId")?.ToString()));
            Assert.Equal(slug, entry.Scope.GetValueOrDefault("Workspace"));
        });
    }
}

public sealed class UnhandledExceptionLoggingTests(LoggingApp app) : IClassFixture<LoggingApp>
{
    [Fact]
    public async Task UnhandledException_IsLoggedWithTheRequestIdAndTheWorkspace()
    {
        var slug = await app.CreateWorkspaceAsync(prefix: "boom");
        using var client = app.Browser(slug);
        await client.Http.GetAsync("/boom");

        var error = app.Logs.Entries.First(e => e.Category.Contains("ExceptionHandler", StringComparison.Ordinal) && e.Scope.GetValueOrDefault("Workspace") as string == slug);
        Assert.False(string.IsNullOrEmpty(error.Scope.GetValueOrDefault("RequestId")?.ToString()));
    }
}

public sealed class ProviderTests(CairnApp app)
{
    [Fact]
    public async Task Database_IsTheProviderUnderTest_AndFullyMigrated()
    {
        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<CairnDbContext>();
        Assert.Equal(TestDatabase.IsPostgres, db.Database.IsNpgsql());
        Assert.Equal(!TestDatabase.IsPostgres, db.Database.IsSqlite());
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.NotEmpty(db.Database.GetMigrations());
    }
}
