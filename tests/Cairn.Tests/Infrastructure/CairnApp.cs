using Cairn.Web.Platform.Accounts;
using Cairn.Web.Platform.Data;
using Cairn.Web.Platform.Tenancy;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Cairn.Tests.Infrastructure;

/// <summary>
/// Cairn hosted in the test process on a real database of the provider under test, with its own data folder.
/// One instance serves the whole assembly (an assembly fixture); tests that need other settings make their own.
/// </summary>
public class CairnApp : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string DefaultPassword = "correct horse battery staple";

    private readonly Dictionary<string, string?> _settings;
    private TestDatabase? _database;

    public CairnApp() : this(new Dictionary<string, string?>())
    {
    }

    internal CairnApp(Dictionary<string, string?> settings, string? dataDirectory = null, TestDatabase? sharedDatabase = null)
    {
        _settings = settings;
        DataDirectory = dataDirectory ?? Directory.CreateTempSubdirectory("cairn-test-").FullName;
        _database = sharedDatabase;
        OwnsDatabase = sharedDatabase is null;
    }

    public string DataDirectory { get; }
    public bool OwnsDatabase { get; }
    public TestDatabase Database => _database ??= TestDatabase.Create(DataDirectory);

    public virtual async ValueTask InitializeAsync()
    {
        // Building the host starts it; the database is migrated and seeded beside it.
        await Services.GetRequiredService<DatabaseStartup>().Ready;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Cairn:DataDirectory", DataDirectory);
        builder.UseSetting("Cairn:Database:Provider", Database.Provider);
        builder.UseSetting($"ConnectionStrings:{Database.Provider}", Database.ConnectionString);
        builder.UseSetting("Cairn:Tenancy:BaseDomain", "localhost");
        builder.UseSetting("Logging:Console:FormatterName", "simple");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        // The suite signs in hundreds of times from one (test-server) address; RateLimitTests use real limits.
        builder.UseSetting("Cairn:RateLimits:AuthPermits", "100000");
        builder.UseSetting("Cairn:RateLimits:CallerPermits", "100000");
        builder.UseSetting("Cairn:RateLimits:WorkspacePermits", "100000");
        // Background jobs are written (the outbox) but not run, except where a test turns the worker on.
        builder.UseSetting("Cairn:Jobs:Server", "false");
        foreach (var (key, value) in _settings) builder.UseSetting(key, value);
        builder.ConfigureTestServices(ConfigureTestServices);
    }

    /// <summary>What a subclass adds to the app, as a module would (a job, a hub), for the platform tests.</summary>
    protected virtual void ConfigureTestServices(IServiceCollection services)
    {
    }

    /// <summary>A browser-like client for a workspace host: cookies kept, redirects not followed.</summary>
    /// <summary>A client of <paramref name="workspace"/> signed in to the API as <paramref name="user"/> (a bearer token from /api/v1/auth/token).</summary>
    public async Task<PageClient> ApiClientAsync(string workspace, TestUser user)
    {
        var client = Browser(workspace);
        var token = await client.Http.PostAsync("/api/v1/auth/token", System.Net.Http.Json.JsonContent.Create(new { email = user.Email, password = user.Password }));
        token.EnsureSuccessStatusCode();
        var access = (await System.Net.Http.Json.HttpContentJsonExtensions.ReadFromJsonAsync<System.Text.Json.JsonElement>(token.Content)).GetProperty("access_token").GetString();
        client.Http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", access);
        return client;
    }

    public PageClient Browser(string workspace = "demo") =>
        new(CreateClient(new WebApplicationFactoryClientOptions
        {
            AllowAutoRedirect = false,
            HandleCookies = true,
            BaseAddress = new Uri(workspace == "demo" ? "http://localhost" : $"http://{workspace}.localhost"),
        }));

    public AsyncServiceScope Scope() => Services.CreateAsyncScope();

    /// <summary>A DbContext scoped to <paramref name="workspace"/>, or to no workspace when null.</summary>
    public async Task<(AsyncServiceScope Scope, CairnDbContext Db)> DbForAsync(string? workspace)
    {
        var scope = Scope();
        if (workspace is not null)
        {
            var tenant = await scope.ServiceProvider.GetRequiredService<TenantStore>().FindAsync(workspace)
                ?? throw new InvalidOperationException($"no workspace {workspace}");
            scope.ServiceProvider.GetRequiredService<TenantContext>().Set(tenant);
        }

        return (scope, scope.ServiceProvider.GetRequiredService<CairnDbContext>());
    }

    /// <summary>Creates a workspace with a fresh slug and returns it; invitation-only, like every new workspace, unless <paramref name="openJoining"/>.</summary>
    public async Task<string> CreateWorkspaceAsync(Guid? ownerId = null, string prefix = "ws", bool openJoining = false)
    {
        var slug = $"{prefix}-{Guid.NewGuid():N}"[..20];
        await using var scope = Scope();
        var result = await scope.ServiceProvider.GetRequiredService<WorkspaceService>().CreateAsync(slug, $"Workspace {slug}", ownerId, openJoining);
        Assert.True(result.Succeeded, result.Error);
        return slug;
    }

    /// <summary>Creates an account directly (faster than the sign-up page) and adds it to <paramref name="workspace"/>.</summary>
    public async Task<TestUser> CreateUserAsync(string? workspace = "demo", WorkspaceRole role = WorkspaceRole.Member, string password = DefaultPassword)
    {
        var handle = $"u{Guid.NewGuid():N}"[..12];
        await using var scope = Scope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<CairnUser>>();
        var user = new CairnUser { UserName = handle, Email = $"{handle}@example.test", DisplayName = $"User {handle}" };
        var result = await users.CreateAsync(user, password);
        Assert.True(result.Succeeded, string.Join(" ", result.Errors.Select(e => e.Description)));
        if (workspace is not null)
        {
            var tenant = await scope.ServiceProvider.GetRequiredService<TenantStore>().FindAsync(workspace);
            await scope.ServiceProvider.GetRequiredService<WorkspaceService>().AddMemberAsync(tenant!.Id, user.Id, role);
        }

        return new TestUser(user.Id, user.Email!, handle, user.DisplayName, password);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (OwnsDatabase && _database is not null) await _database.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}

public sealed record TestUser(Guid Id, string Email, string UserName, string DisplayName, string Password);
