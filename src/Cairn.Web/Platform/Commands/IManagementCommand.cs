namespace Cairn.Web.Platform.Commands;

/// <summary>
/// A command a module adds to <see cref="ManagementCommands"/> (Django's app-level management commands):
/// registered as a singleton <see cref="IManagementCommand"/>, run as <c>Cairn.Web &lt;name&gt; …</c>.
/// </summary>
public interface IManagementCommand
{
    string Name { get; }

    /// <summary>Lines for the usage text, already indented like the built-in commands'.</summary>
    string Usage { get; }

    /// <summary>The options the command accepts; anything else is refused.</summary>
    IReadOnlyList<string> Options { get; }

    int MaxPositionals { get; }

    /// <summary>
    /// Whether the command acts inside one workspace. Then the platform requires <c>--workspace SLUG</c>, prepares the
    /// database, and runs the command in a scope with that workspace set (as a request or a job has it).
    /// </summary>
    bool ActsInWorkspace => false;

    /// <summary>Returns the exit code: 0 done, 1 refused (print one <c>error:</c> line to <paramref name="error"/>).</summary>
    Task<int> RunAsync(IServiceProvider services, CommandLine command, TextWriter output, TextWriter error);
}
