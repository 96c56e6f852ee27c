namespace Cairn.Tests.Infrastructure;

/// <summary>Files of the repository (tools installed by ./test.sh, committed docs), found from the test binaries upwards.</summary>
public static class RepositoryFiles
{
    /// <summary>The path of <paramref name="relative"/> in the first folder above the test binaries that has it, or null.</summary>
    public static string? FindUp(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.GetFullPath(Path.Combine(dir.FullName, relative));
            if (File.Exists(candidate)) return candidate;
        }

        return null;
    }

    /// <summary>The folder holding Cairn.slnx.</summary>
    public static string Root() =>
        Path.GetDirectoryName(FindUp("Cairn.slnx") ?? throw new InvalidOperationException("no Cairn.slnx above the tests"))!;
}
