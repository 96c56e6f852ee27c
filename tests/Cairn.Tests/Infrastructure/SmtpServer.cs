using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using MimeKit;

namespace Cairn.Tests.Infrastructure;

/// <summary>A real SMTP server on loopback: Debian's python3-aiosmtpd writing every message into a maildir.</summary>
public sealed class SmtpServer : IAsyncDisposable
{
    private readonly Process _process;

    private SmtpServer(Process process, int port, string maildir) => (_process, Port, Maildir) = (process, port, maildir);

    public int Port { get; }
    public string Maildir { get; }

    public static async Task<SmtpServer> StartAsync(int? port = null)
    {
        var python = File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
        var maildir = Directory.CreateTempSubdirectory("cairn-mail-").FullName;
        foreach (var sub in new[] { "tmp", "new", "cur" }) Directory.CreateDirectory(Path.Combine(maildir, sub));
        var listen = port ?? Loopback.FreePort();
        var process = Process.Start(new ProcessStartInfo(python, ["-m", "aiosmtpd", "-n", "-l", $"127.0.0.1:{listen}", "-c", "aiosmtpd.handlers.Mailbox", maildir])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        })!;
        await Eventually.Until(async () =>
        {
            if (process.HasExited)
                throw new InvalidOperationException("aiosmtpd did not start (install python3-aiosmtpd; ./test.sh does): " + await process.StandardError.ReadToEndAsync());
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, listen);
                return true;
            }
            catch (SocketException)
            {
                return false;
            }
        }, "aiosmtpd listening", TimeSpan.FromSeconds(10));
        return new SmtpServer(process, listen, maildir);
    }

    public IReadOnlyList<MimeMessage> Messages()
    {
        var folder = Path.Combine(Maildir, "new");
        return Directory.Exists(folder) ? Directory.GetFiles(folder).Order().Select(f => MimeMessage.Load(f)).ToList() : [];
    }

    /// <summary>Waits up to <paramref name="seconds"/> for a message to <paramref name="address"/> (whose subject starts with <paramref name="subject"/>).</summary>
    public async Task<MimeMessage> WaitForAsync(string address, string subject = "", int seconds = 30) =>
        (await Eventually.Until(
            () => Task.FromResult(Messages().FirstOrDefault(m => m.To.Mailboxes.Any(b => b.Address == address) && (m.Subject ?? "").StartsWith(subject, StringComparison.Ordinal))),
            message => message is not null, $"a message to {address} (\"{subject}…\"); {Messages().Count} other(s) arrived", TimeSpan.FromSeconds(seconds)))!;

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
