using Microsoft.AspNetCore.SignalR;

namespace Cairn.Web.Modules.Chat;

/// <summary>
/// When this instance stops, it tells its own clients to come back (to another instance, or to this one when it
/// returns), each after a random moment within <see cref="ChatOptions.ReconnectSpreadSeconds"/>: a deploy does not
/// bring every client back in the same second. Nothing is lost meanwhile: clients catch up by sequence number and
/// send what they typed again with its client message id.
/// </summary>
public sealed class ChatShutdown(IHubContext<ChatHub> hub, LocalChatConnections connections, IOptions<ChatOptions> options, ILogger<ChatShutdown> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    // Stopped before the web server (hosted services stop in reverse order), so the connections are still open.
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        var open = connections.All;
        if (open.Count == 0) return;
        logger.LogInformation("Stopping: asking {Count} chat connections to reconnect within {Seconds} s", open.Count, options.Value.ReconnectSpreadSeconds);
        try
        {
            await hub.Clients.Clients(open).SendAsync("Reconnect", options.Value.ReconnectSpreadSeconds * 1000, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Could not ask the chat connections to reconnect; they will find out when the connection closes");
        }
    }
}
