using System.Data.Common;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore.Storage;

namespace Cairn.Web.Modules.Chat;

/// <summary>
/// Group commit for the busiest write: plain messages in channels (no thread, no mention) sent at the same moment
/// are stored together, in one transaction per workspace, with the same guarantee as one at a time. While one
/// batch is being written the next gathers, so a quiet server writes each message at once and a busy one writes
/// many per round trip: each conversation's numbers are reserved with one <c>UPDATE … RETURNING</c> per
/// conversation (all in one command, in id order, so that batches of two instances lock in the same order), the
/// messages and their events are inserted with one statement batch each, then the whole is committed and
/// broadcast. Any failure (a client message id sent before, a conversation gone) hands each message of the batch
/// back to <see cref="ChatLog"/>'s own path, which stores or finds it one at a time.
/// </summary>
public sealed class ChatSendBatcher(WorkspaceScopes workspaces, IHubContext<ChatHub> hub, ChatBroadcaster live, ILogger<ChatSendBatcher> logger) : BackgroundService
{
    /// <summary>Messages written in one transaction at most.</summary>
    public const int MaxBatch = 200;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private sealed record Pending(TenantInfo Workspace, long ConversationId, ChatPerson Author, string Text, string Html, string ClientMessageId, DateTime At)
    {
        public TaskCompletionSource<ChatEventView?> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private readonly Channel<Pending> _queue = Channel.CreateBounded<Pending>(new BoundedChannelOptions(10_000) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    private volatile bool _running;

    /// <summary>
    /// Stores the message with others sent at the same moment and broadcasts it; null when it could not be written
    /// in a batch (the caller then stores it alone, which also finds one sent before under its client message id).
    /// </summary>
    public async Task<ChatEventView?> SendAsync(TenantInfo workspace, long conversationId, ChatPerson author, string text, string html, string clientMessageId, DateTime at, CancellationToken cancellationToken)
    {
        if (!_running) return null;
        var pending = new Pending(workspace, conversationId, author, text, html, clientMessageId, at);
        if (!_queue.Writer.TryWrite(pending)) return null;
        return await pending.Done.Task.WaitAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _running = true;
        var batch = new List<Pending>(MaxBatch);
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken))
            {
                batch.Clear();
                while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var pending)) batch.Add(pending);
                foreach (var workspace in batch.GroupBy(p => p.Workspace.Id)) await WriteAsync([.. workspace], stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            _running = false;
            _queue.Writer.TryComplete(); // a send that comes now is refused at once (TryWrite), not left waiting
            // Whatever still waits is written one at a time by its caller.
            foreach (var pending in batch) pending.Done.TrySetResult(null);
            while (_queue.Reader.TryRead(out var pending)) pending.Done.TrySetResult(null);
        }
    }

    private async Task WriteAsync(List<Pending> batch, CancellationToken cancellationToken)
    {
        var sent = new List<(Pending Pending, ChatEventView View)>(batch.Count);
        var tenant = batch[0].Workspace.Id;
        try
        {
            await using var scope = workspaces.Open(batch[0].Workspace);
            var db = scope.ServiceProvider.GetRequiredService<CairnDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var lastSeqs = await ReserveAsync(db, tenant, [.. batch.GroupBy(p => p.ConversationId).Select(g => (g.Key, g.Count())).OrderBy(c => c.Key)], cancellationToken);
            var next = lastSeqs.ToDictionary(c => c.Key, c => c.Value - batch.Count(p => p.ConversationId == c.Key) + 1);
            var messages = new List<ChatMessage>(batch.Count);
            foreach (var p in batch)
            {
                var seq = next[p.ConversationId]++;
                messages.Add(new ChatMessage
                {
                    ConversationId = p.ConversationId, Seq = seq, AuthorId = p.Author.Id, ClientMessageId = p.ClientMessageId,
                    Text = p.Text, Html = p.Html, SentAt = p.At,
                });
            }

            db.AddRange(messages);
            await db.SaveChangesAsync(cancellationToken);
            for (var i = 0; i < batch.Count; i++)
            {
                var (p, m) = (batch[i], messages[i]);
                var view = new ChatEventView(p.ConversationId, m.Seq, ChatEventView.Message, p.At, m.Id, p.ClientMessageId, p.Author, p.Text, p.Html, p.At);
                db.Add(new ChatEvent { ConversationId = p.ConversationId, Seq = m.Seq, Type = view.Type, MessageId = m.Id, Data = JsonSerializer.Serialize(view, Json), At = p.At });
                sent.Add((p, view));
            }

            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogDebug(e, "A batch of {Count} chat messages was not written together; each is stored alone", batch.Count);
            foreach (var p in batch) p.Done.TrySetResult(null);
            return;
        }

        foreach (var (p, view) in sent.OrderBy(s => s.View.ConversationId).ThenBy(s => s.View.Seq))
        {
            // Stored all the same when Redis is away: clients catch up by number.
            await live.TryAsync(() => hub.Clients.Group(ChatLog.GroupOf(tenant, view.ConversationId)).SendAsync("Event", view, CancellationToken.None));
            p.Done.TrySetResult(view);
        }
    }

    // The last number reserved per conversation: one UPDATE … RETURNING each, in one command, in id order.
    private static async Task<Dictionary<long, long>> ReserveAsync(CairnDbContext db, int tenant, IReadOnlyList<(long Conversation, int Count)> counts, CancellationToken cancellationToken)
    {
        var connection = db.Database.GetDbConnection();
        await using var command = connection.CreateCommand();
        command.Transaction = db.Database.CurrentTransaction!.GetDbTransaction();
        var sql = new StringBuilder();
        Parameter(command, "t", tenant);
        for (var i = 0; i < counts.Count; i++)
        {
            Parameter(command, $"c{i}", counts[i].Conversation);
            Parameter(command, $"k{i}", counts[i].Count);
            sql.Append(System.Globalization.CultureInfo.InvariantCulture,
                $"UPDATE chat_conversations SET last_seq = last_seq + @k{i} WHERE tenant_id = @t AND id = @c{i} RETURNING id, last_seq;\n");
        }

        command.CommandText = sql.ToString();
        var last = new Dictionary<long, long>(counts.Count);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        do
        {
            while (await reader.ReadAsync(cancellationToken)) last[reader.GetInt64(0)] = reader.GetInt64(1);
        }
        while (await reader.NextResultAsync(cancellationToken));
        return last.Count == counts.Count ? last : throw new InvalidOperationException("A conversation of the batch is not in this workspace.");
    }

    private static void Parameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
