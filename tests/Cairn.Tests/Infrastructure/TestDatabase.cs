using Npgsql;

namespace Cairn.Tests.Infrastructure;

/// <summary>
/// The database provider the suite runs on, chosen by the test command: <c>CAIRN_TEST_PROVIDER=Sqlite|Postgres</c>,
/// with <c>CAIRN_TEST_POSTGRES</c> the connection string of a PostgreSQL server (no database named).
/// Every app instance gets a database of its own, dropped when the instance is disposed.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private TestDatabase(string provider, string connectionString, string? postgresServer, string? databaseName)
    {
        Provider = provider;
        ConnectionString = connectionString;
        _postgresServer = postgresServer;
        _databaseName = databaseName;
    }

    private readonly string? _postgresServer;
    private readonly string? _databaseName;

    public static string ProviderName => Environment.GetEnvironmentVariable("CAIRN_TEST_PROVIDER") is { Length: > 0 } p ? p : "Sqlite";

    public static bool IsPostgres => string.Equals(ProviderName, "Postgres", StringComparison.OrdinalIgnoreCase);

    public string Provider { get; }
    public string ConnectionString { get; }

    public static TestDatabase Create(string dataDirectory)
    {
        if (!IsPostgres)
            return new TestDatabase("Sqlite", $"Data Source={Path.Combine(dataDirectory, "cairn.db")}", null, null);

        var server = Environment.GetEnvironmentVariable("CAIRN_TEST_POSTGRES")
            ?? throw new InvalidOperationException("CAIRN_TEST_PROVIDER=Postgres needs CAIRN_TEST_POSTGRES (run ./test.sh, which starts a server).");
        var name = $"cairn_test_{Guid.NewGuid():N}"[..30];
        var builder = new NpgsqlConnectionStringBuilder(server) { Database = name };
        return new TestDatabase("Postgres", builder.ConnectionString, server, name);
    }

    public async ValueTask DisposeAsync()
    {
        if (_postgresServer is null || _databaseName is null) return;
        NpgsqlConnection.ClearAllPools();
        var admin = new NpgsqlConnectionStringBuilder(_postgresServer) { Database = "postgres", Pooling = false };
        await using var connection = new NpgsqlConnection(admin.ConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_databaseName}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
