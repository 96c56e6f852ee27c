namespace Cairn.Web.Platform.Commands;

public sealed class CommandLineException(string message) : Exception(message);

/// <summary>A command name, its positional words and its <c>--option value</c> pairs.</summary>
public sealed class CommandLine
{
    private readonly Dictionary<string, string> _options = new(StringComparer.Ordinal);

    public string Name { get; private init; } = "";
    public List<string> Positional { get; } = [];

    public static CommandLine Parse(string[] args)
    {
        if (args.Length == 0) throw new CommandLineException("no command given");
        var line = new CommandLine { Name = args[0] };
        for (var i = 1; i < args.Length; i++)
        {
            var word = args[i];
            if (!word.StartsWith("--", StringComparison.Ordinal))
            {
                line.Positional.Add(word);
                continue;
            }

            var name = word[2..];
            var equals = name.IndexOf('=', StringComparison.Ordinal);
            if (equals >= 0)
            {
                line._options[name[..equals]] = name[(equals + 1)..];
                continue;
            }

            if (i + 1 >= args.Length) throw new CommandLineException($"--{name} needs a value");
            line._options[name] = args[++i];
        }

        return line;
    }

    public string? Option(string name) => _options.GetValueOrDefault(name);

    /// <summary>Refuses options the command does not know, so a typo is not silently ignored.</summary>
    public CommandLine Allow(params string[] names)
    {
        var unknown = _options.Keys.Where(key => !names.Contains(key)).ToList();
        if (unknown.Count > 0) throw new CommandLineException($"{Name} does not take --{unknown[0]}");
        return this;
    }

    public CommandLine Positionals(int count)
    {
        if (Positional.Count > count) throw new CommandLineException($"unexpected '{Positional[count]}'");
        return this;
    }

    /// <summary>The whole number given as <c>--name</c>, or <paramref name="fallback"/>; refused outside <paramref name="min"/>..<paramref name="max"/>.</summary>
    public int Number(string name, int fallback, int min, int max)
    {
        if (Option(name) is not { } text) return fallback;
        return int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new CommandLineException($"--{name} must be a whole number from {min} to {max}");
    }

    public string Required(string name) => Option(name) is { Length: > 0 } value
        ? value
        : throw new CommandLineException($"{Name} needs --{name}");
}
