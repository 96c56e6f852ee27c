using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Cairn.Web.Platform.Data;

public static class DataExtensions
{
    /// <summary>
    /// Registers <see cref="CairnDbContext"/> on the configured provider (SQLite by default). EF Core interceptors
    /// registered as <see cref="IInterceptor"/> services (auditing, metrics, tests counting commands) are added to it.
    /// </summary>
    public static IHostApplicationBuilder AddCairnData(this IHostApplicationBuilder builder, CairnPaths paths)
    {
        var database = builder.Configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        builder.Services.Configure<DatabaseOptions>(builder.Configuration.GetSection(DatabaseOptions.Section));

        switch (database.Provider)
        {
            case DatabaseProvider.Postgres:
                var postgres = builder.Configuration.GetConnectionString("Postgres")
                    ?? throw new InvalidOperationException("Cairn:Database:Provider is Postgres but ConnectionStrings:Postgres is not set.");
                builder.Services.AddDbContext<CairnDbContext, PostgresCairnDbContext>((services, options) =>
                    ConfigurePostgres(options.AddInterceptors(services.GetServices<IInterceptor>()), postgres));
                break;
            default:
                var sqlite = builder.Configuration.GetConnectionString("Sqlite") ?? $"Data Source={paths.SqliteDatabase}";
                var busy = (int)Math.Max(1, Math.Ceiling(database.BusyTimeout.TotalSeconds));
                builder.Services.AddDbContext<CairnDbContext, SqliteCairnDbContext>((services, options) =>
                    ConfigureSqlite(options.AddInterceptors(services.GetServices<IInterceptor>()), sqlite, busy));
                break;
        }

        builder.Services.AddSingleton<DatabaseStartup>();
        builder.Services.AddHealthChecks()
            .AddCheck<DatabaseStartupHealthCheck>("database-startup", tags: ["ready"])
            .AddDbContextCheck<CairnDbContext>("database", tags: ["ready"])
            .AddCheck<StorageHealthCheck>("storage", tags: ["ready"]);
        builder.Services.AddSingleton<StorageStatus>();
        return builder;
    }

    // The command timeout is also SQLite's busy timeout: how long a write waits for another writer.
    internal static void ConfigureSqlite(DbContextOptionsBuilder options, string connectionString, int busySeconds = 30) =>
        options.UseSqlite(connectionString, sqlite => sqlite.MigrationsHistoryTable("ef_migrations_history").CommandTimeout(busySeconds))
            .UseSnakeCaseNamingConvention();

    internal static void ConfigurePostgres(DbContextOptionsBuilder options, string connectionString) =>
        options.UseNpgsql(connectionString, npgsql => npgsql.MigrationsHistoryTable("ef_migrations_history"))
            .UseSnakeCaseNamingConvention();
}

/// <summary>Lets <c>dotnet ef migrations add … --context SqliteCairnDbContext</c> build the SQLite model without a host.</summary>
public sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteCairnDbContext>
{
    public SqliteCairnDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<SqliteCairnDbContext>();
        DataExtensions.ConfigureSqlite(options, "Data Source=design-time.db");
        return new SqliteCairnDbContext(options.Options, new TenantContext());
    }
}

/// <summary>Lets <c>dotnet ef migrations add … --context PostgresCairnDbContext</c> build the PostgreSQL model without a server.</summary>
public sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresCairnDbContext>
{
    public PostgresCairnDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<PostgresCairnDbContext>();
        DataExtensions.ConfigurePostgres(options, "Host=localhost;Database=cairn_design");
        return new PostgresCairnDbContext(options.Options, new TenantContext());
    }
}
