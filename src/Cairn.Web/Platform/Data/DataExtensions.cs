using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Cairn.Web.Platform.Data;

public static class DataExtensions
{
    /// <summary>
    /// Registers <see cref="CairnDbContext"/> on the configured provider (SQLite by default), pooled: a unit of work
    /// leases a context made earlier instead of building one (its options and internal services) per request, and the
    /// lease sets the unit of work's workspace (<see cref="CairnDbContext.Lease"/>). EF Core interceptors registered as
    /// singleton <see cref="IInterceptor"/> services (auditing, metrics, tests counting commands) are added to it.
    /// </summary>
    public static IHostApplicationBuilder AddCairnData(this IHostApplicationBuilder builder, CairnPaths paths)
    {
        var database = builder.Configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        builder.Services.Configure<DatabaseOptions>(builder.Configuration.GetSection(DatabaseOptions.Section));

        switch (database.Provider)
        {
            case DatabaseProvider.Postgres:
                var postgres = WithPostgresDefaults(builder.Configuration.GetConnectionString("Postgres")
                    ?? throw new InvalidOperationException("Cairn:Database:Provider is Postgres but ConnectionStrings:Postgres is not set."));
                builder.Services.AddPooledDbContextFactory<PostgresCairnDbContext>((services, options) =>
                    ConfigurePostgres(options.AddInterceptors(services.GetServices<IInterceptor>()), postgres));
                builder.Services.AddScoped<CairnDbContext>(unitOfWork =>
                    unitOfWork.GetRequiredService<IDbContextFactory<PostgresCairnDbContext>>().CreateDbContext().Lease(unitOfWork));
                break;
            default:
                var sqlite = builder.Configuration.GetConnectionString("Sqlite") ?? $"Data Source={paths.SqliteDatabase}";
                var busy = (int)Math.Max(1, Math.Ceiling(database.BusyTimeout.TotalSeconds));
                builder.Services.AddPooledDbContextFactory<SqliteCairnDbContext>((services, options) =>
                    ConfigureSqlite(options.AddInterceptors(services.GetServices<IInterceptor>()), sqlite, busy));
                builder.Services.AddScoped<CairnDbContext>(unitOfWork =>
                    unitOfWork.GetRequiredService<IDbContextFactory<SqliteCairnDbContext>>().CreateDbContext().Lease(unitOfWork));
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

    /// <summary>
    /// Cairn's defaults for its own PostgreSQL connections, where the connection string does not say otherwise:
    /// statements used often are prepared once per connection (<c>Max Auto Prepare</c>), and a connection going back
    /// to the pool is not reset with <c>DISCARD ALL</c> (<c>No Reset On Close</c>), which would cost a statement
    /// per unit of work. That is safe because Cairn keeps no state in the session: the workspace is a parameter of
    /// every query, never a <c>SET</c> (decision 007).
    /// </summary>
    public static string WithPostgresDefaults(string connectionString)
    {
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        bool Names(string key) => given.Keys.Cast<string>().Any(k => string.Equals(k.Replace(" ", ""), key, StringComparison.OrdinalIgnoreCase));
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        if (!Names("MaxAutoPrepare")) builder.MaxAutoPrepare = 64;
        if (!Names("AutoPrepareMinUsages")) builder.AutoPrepareMinUsages = 2;
        if (!Names("NoResetOnClose")) builder.NoResetOnClose = true;
        return builder.ConnectionString;
    }
}

/// <summary>Lets <c>dotnet ef migrations add … --context SqliteCairnDbContext</c> build the SQLite model without a host.</summary>
public sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteCairnDbContext>
{
    public SqliteCairnDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<SqliteCairnDbContext>();
        DataExtensions.ConfigureSqlite(options, "Data Source=design-time.db");
        return new SqliteCairnDbContext(options.Options);
    }
}

/// <summary>Lets <c>dotnet ef migrations add … --context PostgresCairnDbContext</c> build the PostgreSQL model without a server.</summary>
public sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresCairnDbContext>
{
    public PostgresCairnDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<PostgresCairnDbContext>();
        DataExtensions.ConfigurePostgres(options, "Host=localhost;Database=cairn_design");
        return new PostgresCairnDbContext(options.Options);
    }
}
