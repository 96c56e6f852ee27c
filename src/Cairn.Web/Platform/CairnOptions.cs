namespace Cairn.Web.Platform;

/// <summary>The <c>Cairn</c> configuration section (environment: <c>Cairn__…</c>).</summary>
public sealed class CairnOptions
{
    public const string Section = "Cairn";

    /// <summary>Folder for the SQLite database, data-protection keys and uploaded media. Relative paths start at the content root.</summary>
    public string DataDirectory { get; set; } = "App_Data";

    /// <summary>Largest request body accepted, in bytes (uploads included).</summary>
    public long MaxRequestBodyBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>On first start with an empty database, create the default workspace and a demo account.</summary>
    public bool SeedDemoData { get; set; } = true;
}

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

/// <summary>The <c>Cairn:Database</c> section.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Cairn:Database";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>Apply pending migrations when the site starts (turn off when a deployment runs <c>migrate</c> as a job).</summary>
    public bool MigrateOnStartup { get; set; } = true;

    /// <summary>How long a SQLite write waits for another writer's lock before the request is answered 503.</summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(5);
}

/// <summary>Absolute paths derived from <see cref="CairnOptions.DataDirectory"/>.</summary>
public sealed class CairnPaths
{
    public CairnPaths(string contentRoot, string dataDirectory)
    {
        DataDirectory = Path.GetFullPath(Path.Combine(contentRoot, dataDirectory));
    }

    public string DataDirectory { get; }
    public string KeysDirectory => Path.Combine(DataDirectory, "keys");
    public string MediaDirectory => Path.Combine(DataDirectory, "media");
    public string SqliteDatabase => Path.Combine(DataDirectory, "cairn.db");

    /// <summary>Paths this host tightened to owner-only (folder, keys, signing key, SQLite files), logged once at start.</summary>
    public IReadOnlyCollection<string> Tightened => _tightened;
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _tightened = new();

    /// <summary>Creates the data, keys and media folders; the first two for the owner only.</summary>
    public void EnsureCreated()
    {
        Note(Data.PrivateFiles.EnsureFolder(DataDirectory));
        Note(Data.PrivateFiles.EnsureFolder(KeysDirectory));
        Directory.CreateDirectory(MediaDirectory);
    }

    /// <summary>Tightens an existing secret or database file to 0600, remembering it for the start-up log.</summary>
    public void EnsurePrivateFile(string path) => Note(Data.PrivateFiles.EnsureFile(path));

    private void Note(string? tightened)
    {
        if (tightened is not null) _tightened.Enqueue(tightened);
    }
}
