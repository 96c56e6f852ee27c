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

    public void EnsureCreated()
    {
        Data.PrivateFiles.EnsureFolder(DataDirectory);
        Data.PrivateFiles.EnsureFolder(KeysDirectory);
        Directory.CreateDirectory(MediaDirectory);
        // The SQLite database and its journals; SQLite creates new ones with the mode of the database file.
        foreach (var suffix in new[] { "", "-wal", "-shm" }) Data.PrivateFiles.EnsureFile(SqliteDatabase + suffix);
    }
}
