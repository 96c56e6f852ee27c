using Hangfire.Logging;

namespace Cairn.Web.Platform.Jobs;

/// <summary>
/// Hangfire's log output through the app's logging. Hangfire keeps its log provider and many loggers in static
/// fields, created lazily; these loggers reach the factory only when they first write, and once the factory is
/// disposed (a host that stopped while another one runs in the same process) they go quiet instead of throwing.
/// </summary>
public sealed class HangfireLogs(Microsoft.Extensions.Logging.ILoggerFactory factory) : ILogProvider
{
    private readonly Hangfire.AspNetCore.AspNetCoreLogProvider _inner = new(factory);

    public ILog GetLogger(string name) => new QuietWhenDisposed(() => _inner.GetLogger(name));

    private sealed class QuietWhenDisposed(Func<ILog> create) : ILog
    {
        private ILog? _log;

        public bool Log(Hangfire.Logging.LogLevel logLevel, Func<string>? messageFunc, Exception? exception = null)
        {
            try
            {
                _log ??= create();
                return _log.Log(logLevel, messageFunc, exception);
            }
            catch (ObjectDisposedException)
            {
                return false;
            }
        }
    }
}
