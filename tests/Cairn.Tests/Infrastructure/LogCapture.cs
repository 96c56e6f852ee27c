using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Cairn.Tests.Infrastructure;

/// <summary>One line an app logged.</summary>
public sealed record LoggedLine(string Category, LogLevel Level, string Message);

/// <summary>A logger provider that keeps every line, for tests that assert on what is logged.</summary>
public sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<LoggedLine> _lines = new();

    public IReadOnlyList<LoggedLine> Lines => [.. _lines];

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _lines);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<LoggedLine> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue(new LoggedLine(category, logLevel, formatter(state, exception)));
    }
}

/// <summary>An app whose log lines, information and up, are kept in <see cref="Logs"/> (the console still shows warnings only).</summary>
public sealed class LoggedApp : CairnApp
{
    public LoggedApp(Dictionary<string, string?>? settings = null)
        : base(new Dictionary<string, string?>(settings ?? []) { ["Logging:LogLevel:Default"] = "Information", ["Logging:Console:LogLevel:Default"] = "Warning" })
    {
    }

    public LogCapture Logs { get; } = new();

    protected override void ConfigureTestServices(IServiceCollection services) => services.AddSingleton<ILoggerProvider>(Logs);
}
