namespace Cairn.Web.Platform.Data;

/// <summary>
/// Secrets and the database are readable by the process owner only: folders 0700, files 0600. Existing ones
/// that are more open are tightened; each call says what it changed, so that start-up can log it.
/// Windows has no Unix modes; there the folder's access list applies and nothing changes here.
/// </summary>
public static class PrivateFiles
{
    public const UnixFileMode FolderMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    public const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Creates the folder 0700, or tightens an existing one. Returns what was tightened, or null.</summary>
    public static string? EnsureFolder(string path)
    {
        if (OperatingSystem.IsWindows()) { Directory.CreateDirectory(path); return null; }
        if (!Directory.Exists(path)) { Directory.CreateDirectory(path, FolderMode); return null; }
        return Tighten(path, FolderMode);
    }

    /// <summary>Tightens an existing file to 0600; a missing file is left alone. Returns what was tightened, or null.</summary>
    public static string? EnsureFile(string path)
    {
        if (OperatingSystem.IsWindows() || !File.Exists(path)) return null;
        return Tighten(path, FileMode);
    }

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static string? Tighten(string path, UnixFileMode mode)
    {
        var current = File.GetUnixFileMode(path);
        if ((current & ~mode) == 0) return null;
        File.SetUnixFileMode(path, current & mode);
        return $"{path} ({Octal(current)} -> {Octal(current & mode)})";
    }

    private static string Octal(UnixFileMode mode) => Convert.ToString((int)mode, 8).PadLeft(4, '0');
}
