using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;

namespace Cairn.Web.Platform.Data;

/// <summary>Brings the database up to date and, on first start, seeds the default workspace and a demo account.</summary>
public static class DatabaseSetup
{
    public const string DemoEmail = "demo@cairn.local";

    /// <summary>Applies pending migrations (none: no work beyond reading the history table).</summary>
    public static async Task MigrateAsync(IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CairnDbContext>();
        var sqlite = db.Database.IsSqlite();
        if (sqlite)
        {
            var file = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(db.Database.GetConnectionString()).DataSource;
            if (Path.GetDirectoryName(Path.GetFullPath(file)) is { } folder) Directory.CreateDirectory(folder);
        }

        // Migrating also compares the model with the last snapshot, which costs a few hundred milliseconds
        // at every start: skip it when the history table already lists every migration.
        if ((await db.Database.GetPendingMigrationsAsync(cancellationToken)).Any())
            await db.Database.MigrateAsync(cancellationToken);

        // Hangfire's own tables (PostgreSQL storage) live beside Cairn's, in the schema "hangfire"; installed here,
        // once the database surely exists, rather than when the storage is first touched.
        if (db.Database.IsNpgsql())
        {
            await using var connection = new Npgsql.NpgsqlConnection(db.Database.GetConnectionString());
            await connection.OpenAsync(cancellationToken);
            Hangfire.PostgreSql.PostgreSqlObjectsInstaller.Install(connection, Jobs.BackgroundJobs.PostgresSchema);
        }

        // Write-ahead logging lets readers and one writer work at once; the setting sticks to the file.
        if (sqlite)
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }
        EnsurePrivateDatabase(services);
    }

    /// <summary>
    /// The SQLite database named by the connection string and its journals are 0600 (SQLite gives new journals
    /// the database file's mode). Runs at every start, whether or not this host migrates.
    /// </summary>
    public static void EnsurePrivateDatabase(IServiceProvider services)
    {
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CairnDbContext>();
        if (!db.Database.IsSqlite()) return;
        var file = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(db.Database.GetConnectionString()).DataSource;
        if (file.Length == 0 || file == ":memory:") return;
        var paths = services.GetRequiredService<CairnPaths>();
        foreach (var suffix in new[] { "", "-wal", "-shm" }) paths.EnsurePrivateFile(Path.GetFullPath(file) + suffix);
    }

    /// <summary>Creates the default workspace when missing, and the demo account when the database has no users. Safe to repeat.</summary>
    public static async Task SeedAsync(IServiceProvider services, ILogger logger, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var tenancy = scope.ServiceProvider.GetRequiredService<IOptions<TenancyOptions>>().Value;
        var db = scope.ServiceProvider.GetRequiredService<CairnDbContext>();
        var workspaces = scope.ServiceProvider.GetRequiredService<WorkspaceService>();

        // The same lookup the first request makes: it also warms that query and the workspace cache.
        var defaultWorkspace = await scope.ServiceProvider.GetRequiredService<TenantStore>().FindAsync(tenancy.DefaultWorkspace, cancellationToken);
        if (defaultWorkspace is null)
        {
            // The demo workspace is the one anyone may try: open to every sign-up.
            var created = await workspaces.CreateAsync(tenancy.DefaultWorkspace, tenancy.DefaultWorkspaceName, null, openJoining: true, cancellationToken);
            var tenant = created.Tenant ?? throw new InvalidOperationException($"Cannot create the default workspace: {created.Error}");
            defaultWorkspace = new TenantInfo(tenant.Id, tenant.Slug, tenant.Name);
            logger.LogInformation("Created the default workspace '{Slug}'", defaultWorkspace.Slug);
        }

        if (await db.Users.AnyAsync(cancellationToken)) return;

        var users = scope.ServiceProvider.GetRequiredService<UserManager<CairnUser>>();
        var password = "cairn-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var demo = new CairnUser { UserName = "demo", Email = DemoEmail, DisplayName = "Demo User", EmailConfirmed = true };
        var result = await users.CreateAsync(demo, password);
        if (!result.Succeeded)
            throw new InvalidOperationException("Cannot create the demo account: " + string.Join(" ", result.Errors.Select(e => e.Description)));
        await workspaces.AddMemberAsync(defaultWorkspace.Id, demo.Id, WorkspaceRole.Owner, cancellationToken);

        // A first run: every module shows itself with a few sample items, each in the demo workspace.
        var scopes = scope.ServiceProvider.GetRequiredService<WorkspaceScopes>();
        foreach (var module in scope.ServiceProvider.GetRequiredService<ModuleCatalog>().All)
        {
            foreach (var content in module.DemoContent)
            {
                await using var inDemo = scopes.Open(defaultWorkspace);
                await ((IDemoContent)inDemo.ServiceProvider.GetRequiredService(content)).SeedAsync(demo.Id, cancellationToken);
            }
        }

        if (logger.IsEnabled(LogLevel.Warning))
            logger.LogWarning(
            "Demo account created (shown once): sign in as {Email} with password {Password}; it owns the workspace '{Slug}'",
            DemoEmail, password, defaultWorkspace.Slug);
    }
}
