// The ceiling for bench/chat.sh: a bare SignalR hub with the calls the load generator makes of Cairn's chat hub
// (Subscribe, Send) and the same Event it receives, but nothing checked and nothing stored: a send is numbered in
// memory and broadcast to its room's group. What one node of SignalR delivers on this machine, with no database.
using System.Collections.Concurrent;
using Cairn.Bench.ChatCeiling;
using Microsoft.AspNetCore.SignalR;

var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
builder.Services.AddSignalR();
var app = builder.Build();
app.MapHub<RoomHub>("/hubs/chat");
app.MapGet("/health/ready", () => "ready");
app.Run();

namespace Cairn.Bench.ChatCeiling
{
    /// <summary>An event as Cairn's hub sends it (the fields the load generator reads).</summary>
    public sealed record RoomEvent(long ConversationId, long Seq, string Type, DateTime At, long Id, string ClientMessageId, string Text);

    public sealed class RoomHub : Hub
    {
        private static readonly ConcurrentDictionary<long, long> Sequences = new();

        public async Task<IReadOnlyList<RoomEvent>> Subscribe(long conversationId, long afterSeq)
        {
            await Groups.AddToGroupAsync(Context.ConnectionId, $"room:{conversationId}");
            return [];
        }

        public async Task<RoomEvent> Send(long conversationId, string text, string clientMessageId)
        {
            var seq = Sequences.AddOrUpdate(conversationId, 1, (_, last) => last + 1);
            var sent = new RoomEvent(conversationId, seq, "message", DateTime.UtcNow, seq, clientMessageId, text);
            await Clients.Group($"room:{conversationId}").SendAsync("Event", sent);
            return sent;
        }
    }
}
