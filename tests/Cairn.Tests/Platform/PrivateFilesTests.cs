using Cairn.Tests.Infrastructure;

namespace Cairn.Tests.Platform;

/// <summary>Issue 10, item 5: the signing key, the data-protection keys and the SQLite database are for the process owner only.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class PrivateFilesTests
{
    private const UnixFileMode Group = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute;
    private const UnixFileMode Other = UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    [Fact]
    public async Task ANewDataFolder_IsCreatedForTheOwnerOnly()
    {
        var folder = Path.Combine(Directory.CreateTempSubdirectory("cairn-private-").FullName, "data");
        await using var app = new CairnApp([], folder);
        await app.InitializeAsync();

        AssertPrivate(folder);
        AssertPrivate(Path.Combine(folder, "keys"));
        AssertPrivate(Path.Combine(folder, "keys", "jwt-signing.key"));
        if (app.Database.Provider == "Sqlite") AssertPrivate(Path.Combine(folder, "cairn.db"));
    }

    [Fact]
    public async Task AnOpenDataFolderAndKey_AreTightenedAtStart()
    {
        var folder = Directory.CreateTempSubdirectory("cairn-private-").FullName;
        var keys = Directory.CreateDirectory(Path.Combine(folder, "keys")).FullName;
        var key = Path.Combine(keys, "jwt-signing.key");
        await File.WriteAllTextAsync(key, Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)), TestContext.Current.CancellationToken);
        var open = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
        File.SetUnixFileMode(key, open);
        File.SetUnixFileMode(keys, open | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        File.SetUnixFileMode(folder, open | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        // An empty file is a valid empty SQLite database; left world-readable, as a copy or restore might leave it.
        var database = Path.Combine(folder, "cairn.db");
        if (!TestDatabase.IsPostgres)
        {
            await File.WriteAllBytesAsync(database, [], TestContext.Current.CancellationToken);
            File.SetUnixFileMode(database, open);
        }

        await using var app = new CairnApp([], folder);
        await app.InitializeAsync();

        AssertPrivate(folder);
        AssertPrivate(keys);
        AssertPrivate(key);
        if (app.Database.Provider == "Sqlite") AssertPrivate(database);
        // The key that was there is the key in use: tightening keeps the file.
        using var client = app.Browser();
        var response = await client.Http.GetAsync("/health/ready", TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode);
    }

    private static void AssertPrivate(string path)
    {
        Assert.True(File.Exists(path) || Directory.Exists(path), $"{path} is missing");
        var mode = File.GetUnixFileMode(path);
        Assert.True((mode & (Group | Other)) == 0, $"{path} has mode {Convert.ToString((int)mode, 8)}");
    }
}
