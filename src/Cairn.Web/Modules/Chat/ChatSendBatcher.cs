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
/// batch is being written the next gathers (and the one before is broadcast), so a quiet server writes each message at once and a busy one writes
/// many per round trip: each conversation's numbers are reserved with one <c>UPDATE … RETURNING</c> per
/// conversation (all in one command, in id order, so that batches of two instances lock in the same order), the
/// messages and their events are inserted with one statement batch each, then the whole is committed and
/// broadcast. Who may write is asked for every message in the same transaction, with one query per batch (so a hub
/// send in a channel needs no query of its own); a message refused there is handed back at once. Any other failure
/// (a client message id stored before, a conversation archived or gone meanwhile) hands each message of the batch back to <see cref="ChatLog"/>'s own path, which refuses, stores or finds it one at a time.
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
    private long _written, _handedBack;

    /// <summary>Messages this instance stored in batches since it started.</summary>
    public long Written => Interlocked.Read(ref _written);

    /// <summary>Messages handed back to be stored one at a time (refused, sent before, or a batch that failed).</summary>
    public long HandedBack => Interlocked.Read(ref _handedBack);

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

    // Stored batches on their way out: broadcast in the order they were stored, while the next batch is written.
    private readonly Channel<(int Tenant, List<(Pending Pending, ChatEventView View)> Sent)> _stored =
        Channel.CreateBounded<(int, List<(Pending, ChatEventView)>)>(new BoundedChannelOptions(16) { SingleReader = true, SingleWriter = true });

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _running = true;
        var broadcasting = BroadcastAsync();
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
            // Whatever still waits is written one at a time by its caller; what is stored is broadcast and answered.
            foreach (var pending in batch) pending.Done.TrySetResult(null);
            while (_queue.Reader.TryRead(out var pending)) pending.Done.TrySetResult(null);
            _stored.Writer.TryComplete();
            await broadcasting;
        }
    }

    // Broadcasts each stored batch, in order, then answers its senders.
    private async Task BroadcastAsync()
    {
        await foreach (var (tenant, sent) in _stored.Reader.ReadAllAsync())
        {
            foreach (var (p, view) in sent.OrderBy(s => s.View.ConversationId).ThenBy(s => s.View.Seq))
            {
                try
                {
                    // Stored all the same when Redis is away: clients catch up by number.
                    await live.TryAsync(() => hub.Clients.Group(ChatLog.GroupOf(tenant, view.ConversationId)).SendAsync("Event", view, CancellationToken.None));
                }
                catch (Exception e)
                {
                    logger.LogWarning(e, "A stored chat message was not broadcast; its readers catch up by number");
                }

                p.Done.TrySetResult(view);
            }
        }
    }

    private static readonly WorkspaceRole[] Writers = [WorkspaceRole.Owner, WorkspaceRole.Admin, WorkspaceRole.Member];

    private async Task WriteAsync(List<Pending> batch, CancellationToken cancellationToken)
    {
        var sent = new List<(Pending Pending, ChatEventView View)>(batch.Count);
        var tenant = batch[0].Workspace.Id;
        try
        {
            await using var scope = workspaces.Open(batch[0].Workspace);
            var db = scope.ServiceProvider.GetRequiredService<CairnDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            if (db.Database.IsNpgsql())
            {
                var refused = await StoreOnPostgresAsync(db, tenant, batch, sent, cancellationToken);
                if (refused.Count > 0)
                {
                    // Nothing of this try is kept: the refused go back to their callers, the others are written again.
                    await transaction.RollbackAsync(cancellationToken);
                    foreach (var p in refused) p.Done.TrySetResult(null);
                    Interlocked.Add(ref _handedBack, refused.Count);
                    var others = batch.Except(refused).ToList();
                    batch = [];
                    if (others.Count > 0) await WriteAsync(others, cancellationToken);
                    return;
                }

                await transaction.CommitAsync(cancellationToken);
                Interlocked.Add(ref _written, sent.Count);
                await _stored.Writer.WriteAsync((tenant, sent), CancellationToken.None);
                return;
            }

            var asked = batch.Count;
            batch = await AcceptedAsync(db, batch, cancellationToken);
            Interlocked.Add(ref _handedBack, asked - batch.Count);
            if (batch.Count == 0) return;
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
            Interlocked.Add(ref _written, sent.Count);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogDebug(e, "A batch of {Count} chat messages was not written together; each is stored alone", batch.Count);
            foreach (var p in batch) p.Done.TrySetResult(null);
            Interlocked.Add(ref _handedBack, batch.Count);
            return;
        }

        // Broadcast while the next batch is written.
        await _stored.Writer.WriteAsync((tenant, sent), CancellationToken.None);
    }

    // PostgreSQL: the batch in two round trips and a commit, without change tracking. The first reserves each
    // conversation's numbers under its row lock (not archived, a channel), the message ids, and asks who of the
    // senders may write (after the locks: a membership change that committed before is seen); the second inserts the
    // messages and their events from arrays. Answers the messages refused (then nothing is kept, and the caller
    // writes the others again); fills sent otherwise.
    private static async Task<List<Pending>> StoreOnPostgresAsync(CairnDbContext db, int tenant, List<Pending> batch, List<(Pending Pending, ChatEventView View)> sent, CancellationToken cancellationToken)
    {
        // The same client message id twice in this batch: the second goes the one-at-a-time way.
        var seen = new HashSet<(long, Guid, string)>();
        var twice = batch.Where(p => !seen.Add((p.ConversationId, p.Author.Id, p.ClientMessageId))).ToList();
        if (twice.Count > 0) return twice;

        var connection = (Npgsql.NpgsqlConnection)db.Database.GetDbConnection();
        var transaction = (Npgsql.NpgsqlTransaction)db.Database.CurrentTransaction!.GetDbTransaction();
        var counts = batch.GroupBy(p => p.ConversationId).Select(g => (Conversation: g.Key, Count: g.Count())).OrderBy(c => c.Conversation).ToList();
        await using var reserve = new Npgsql.NpgsqlBatch(connection, transaction);
        foreach (var (conversation, count) in counts)
            reserve.BatchCommands.Add(Command(
                "UPDATE chat_conversations SET last_seq = last_seq + $1 WHERE tenant_id = $2 AND id = $3 AND archived_at IS NULL AND kind IN (0, 1) RETURNING id, last_seq",
                (long)count, tenant, conversation));
        reserve.BatchCommands.Add(Command("SELECT nextval(pg_get_serial_sequence('chat_messages', 'id')) FROM generate_series(1, $1)", batch.Count));
        reserve.BatchCommands.Add(Command(
            """
            SELECT p.i FROM unnest($1::bigint[], $2::uuid[]) WITH ORDINALITY AS p(c, u, i)
            WHERE EXISTS (SELECT 1 FROM chat_members m WHERE m.tenant_id = $3 AND m.conversation_id = p.c AND m.user_id = p.u)
              AND EXISTS (SELECT 1 FROM tenancy_memberships w WHERE w.tenant_id = $3 AND w.user_id = p.u AND w.role IN ('Owner', 'Admin', 'Member'))
            """,
            batch.Select(p => p.ConversationId).ToArray(), batch.Select(p => p.Author.Id).ToArray(), tenant));
        var last = new Dictionary<long, long>(counts.Count);
        var ids = new List<long>(batch.Count);
        var writers = new HashSet<long>();
        await using (var reader = await reserve.ExecuteReaderAsync(cancellationToken))
        {
            for (var i = 0; i < counts.Count; i++)
            {
                while (await reader.ReadAsync(cancellationToken)) last[reader.GetInt64(0)] = reader.GetInt64(1);
                await reader.NextResultAsync(cancellationToken);
            }

            while (await reader.ReadAsync(cancellationToken)) ids.Add(reader.GetInt64(0));
            await reader.NextResultAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken)) writers.Add(reader.GetInt64(0));
        }

        if (last.Count != counts.Count) throw new InvalidOperationException("A conversation of the batch is not a channel of this workspace, or was archived.");
        var refused = batch.Where((_, i) => !writers.Contains(i + 1)).ToList();
        if (refused.Count > 0) return refused;

        var next = counts.ToDictionary(c => c.Conversation, c => last[c.Conversation] - c.Count + 1);
        var seqs = new long[batch.Count];
        var data = new string[batch.Count];
        for (var i = 0; i < batch.Count; i++)
        {
            var p = batch[i];
            seqs[i] = next[p.ConversationId]++;
            var view = new ChatEventView(p.ConversationId, seqs[i], ChatEventView.Message, p.At, ids[i], p.ClientMessageId, p.Author, p.Text, p.Html, p.At);
            data[i] = JsonSerializer.Serialize(view, Json);
            sent.Add((p, view));
        }

        var idArray = ids.ToArray();
        var conversations = batch.Select(p => p.ConversationId).ToArray();
        var at = batch.Select(p => p.At).ToArray();
        await using var insert = new Npgsql.NpgsqlBatch(connection, transaction);
        insert.BatchCommands.Add(Command(
            """
            INSERT INTO chat_messages (id, tenant_id, conversation_id, seq, author_id, client_message_id, text, html, sent_at, reply_count)
            SELECT u.id, $1, u.c, u.s, u.a, u.k, u.t, u.h, u.at, 0
            FROM unnest($2::bigint[], $3::bigint[], $4::bigint[], $5::uuid[], $6::text[], $7::text[], $8::text[], $9::timestamptz[]) AS u(id, c, s, a, k, t, h, at)
            """,
            tenant, idArray, conversations, seqs, batch.Select(p => p.Author.Id).ToArray(), batch.Select(p => p.ClientMessageId).ToArray(),
            batch.Select(p => p.Text).ToArray(), batch.Select(p => p.Html).ToArray(), at));
        insert.BatchCommands.Add(Command(
            """
            INSERT INTO chat_events (tenant_id, conversation_id, seq, type, message_id, data, at)
            SELECT $1, u.c, u.s, 'message', u.id, u.d, u.at
            FROM unnest($2::bigint[], $3::bigint[], $4::bigint[], $5::text[], $6::timestamptz[]) AS u(id, c, s, d, at)
            """,
            tenant, idArray, conversations, seqs, data, at));
        await insert.ExecuteNonQueryAsync(cancellationToken);
        return [];
    }

    private static Npgsql.NpgsqlBatchCommand Command(string sql, params object[] values)
    {
        var command = new Npgsql.NpgsqlBatchCommand(sql);
        foreach (var value in values) command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = value });
        return command;
    }

    // The messages of the batch that may be written now; every other one is answered null at once (its caller's own
    // path then refuses it with the reason, or stores it alone). Who may write is asked here, for every message, in
    // the transaction that writes it: the sender is a member of the channel and may write in the workspace
    // (archiving is asked again under the row lock, in ReserveAsync).
    private static async Task<List<Pending>> AcceptedAsync(CairnDbContext db, List<Pending> batch, CancellationToken cancellationToken)
    {
        var conversationIds = batch.Select(p => p.ConversationId).Distinct().ToList();
        var authors = batch.Select(p => p.Author.Id).Distinct().ToList();
        var writers = (await db.Set<ConversationMember>()
                .Where(m => conversationIds.Contains(m.ConversationId) && authors.Contains(m.UserId)
                    && db.Set<Conversation>().Any(c => c.Id == m.ConversationId && c.ArchivedAt == null && (c.Kind == ConversationKind.Public || c.Kind == ConversationKind.Private))
                    && db.Memberships.Any(w => w.UserId == m.UserId && Writers.Contains(w.Role)))
                .Select(m => new { m.ConversationId, m.UserId })
                .ToListAsync(cancellationToken))
            .Select(m => (m.ConversationId, m.UserId)).ToHashSet();
        // A client message id sent before is found by the unique index when the batch is written (the batch then
        // goes one at a time, which answers the stored message): a retry is rare, and each member's sends have a
        // budget. Asking for stored ids here would cost more than the batch it saves.
        var seen = new HashSet<(long, Guid, string)>();
        var accepted = new List<Pending>(batch.Count);
        foreach (var p in batch)
        {
            // The same client message id twice in this batch: the second is answered by the one-at-a-time path.
            if (writers.Contains((p.ConversationId, p.Author.Id)) && seen.Add((p.ConversationId, p.Author.Id, p.ClientMessageId))) accepted.Add(p);
            else p.Done.TrySetResult(null);
        }

        return accepted;
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
                $"UPDATE chat_conversations SET last_seq = last_seq + @k{i} WHERE tenant_id = @t AND id = @c{i} AND archived_at IS NULL RETURNING id, last_seq;\n");
        }

        command.CommandText = sql.ToString();
        var last = new Dictionary<long, long>(counts.Count);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        do
        {
            while (await reader.ReadAsync(cancellationToken)) last[reader.GetInt64(0)] = reader.GetInt64(1);
        }
        while (await reader.NextResultAsync(cancellationToken));
        return last.Count == counts.Count ? last : throw new InvalidOperationException("A conversation of the batch is not in this workspace, or was archived.");
    }

    private static void Parameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
