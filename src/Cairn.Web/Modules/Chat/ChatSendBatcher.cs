using System.Data.Common;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore.Storage;

namespace Cairn.Web.Modules.Chat;

/// <summary>
/// Group commit for the busiest write: plain messages in channels (no thread, no mention, no file) sent at the same
/// moment are stored together, in one transaction per workspace, with the same guarantee as one at a time. While
/// one batch is being written the next gathers and the one before is broadcast, so a quiet server writes each
/// message at once and a busy one many per round trip. A batch asks who may write for all its messages, reserves
/// each conversation's numbers with one <c>UPDATE … RETURNING</c> (in id order, so that two instances lock rows in
/// the same order), inserts the messages and their events, and commits; on PostgreSQL that is two round trips and
/// the commit. A message refused there goes back to its caller, and the others are written again; any other failure
/// (a client message id stored before, a conversation archived or gone meanwhile) hands every message back to
/// <see cref="ChatLog"/>'s own path, which refuses, stores or finds it one at a time.
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
            HandBack(batch);
            while (_queue.Reader.TryRead(out var pending)) HandBack([pending]);
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
        // The same client message id twice in this batch: the second is stored (or found) the one-at-a-time way.
        var seen = new HashSet<(long, Guid, string)>();
        var (once, twice) = Split(batch, p => seen.Add((p.ConversationId, p.Author.Id, p.ClientMessageId)));
        HandBack(twice);
        // Refused messages go back to their callers, and the others are written again without them.
        for (batch = once; batch.Count > 0 && await TryWriteAsync(batch, cancellationToken) is { Count: > 0 } refused;)
        {
            HandBack(refused);
            batch = Split(batch, p => !refused.Contains(p)).Yes;
        }
    }

    // Writes the batch in one transaction and hands it to the broadcaster; or answers the messages refused (nothing
    // of the batch is kept then); or, when anything else fails, hands every message back.
    private async Task<List<Pending>> TryWriteAsync(List<Pending> batch, CancellationToken cancellationToken)
    {
        var tenant = batch[0].Workspace.Id;
        var sent = new List<(Pending Pending, ChatEventView View)>(batch.Count);
        try
        {
            await using var scope = workspaces.Open(batch[0].Workspace);
            var db = scope.ServiceProvider.GetRequiredService<CairnDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var refused = db.Database.IsNpgsql()
                ? await StoreOnPostgresAsync(db, tenant, batch, sent, cancellationToken)
                : await StoreAsync(db, tenant, batch, sent, cancellationToken);
            if (refused.Count > 0) return refused; // rolled back as the transaction is disposed
            await transaction.CommitAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogDebug(e, "A batch of {Count} chat messages was not written together; each is stored alone", batch.Count);
            HandBack(batch);
            return [];
        }

        Interlocked.Add(ref _written, sent.Count);
        // Broadcast while the next batch is written.
        await _stored.Writer.WriteAsync((tenant, sent), CancellationToken.None);
        return [];
    }

    // Answers each message null: its caller stores it alone (or refuses it, or finds it stored before).
    private void HandBack(IEnumerable<Pending> messages)
    {
        foreach (var p in messages)
            if (p.Done.TrySetResult(null)) Interlocked.Increment(ref _handedBack);
    }

    private static (List<Pending> Yes, List<Pending> No) Split(List<Pending> batch, Func<Pending, bool> test)
    {
        var (yes, no) = (new List<Pending>(batch.Count), new List<Pending>());
        foreach (var p in batch) (test(p) ? yes : no).Add(p);
        return (yes, no);
    }

    // How many messages of the batch go to each conversation, in conversation id order (the order rows are locked in).
    private static List<(long Conversation, int Count)> Counts(List<Pending> batch) =>
        [.. batch.GroupBy(p => p.ConversationId).Select(g => (g.Key, g.Count())).OrderBy(c => c.Item1)];

    // Each message's number, in batch order, from the last number reserved for its conversation.
    private static long[] Number(List<Pending> batch, List<(long Conversation, int Count)> counts, Dictionary<long, long> last)
    {
        var next = counts.ToDictionary(c => c.Conversation, c => last[c.Conversation] - c.Count + 1);
        return [.. batch.Select(p => next[p.ConversationId]++)];
    }

    private static ChatEventView View(Pending p, long seq, long id) =>
        new(p.ConversationId, seq, ChatEventView.Message, p.At, id, p.ClientMessageId, p.Author, p.Text, p.Html, p.At);

    // Through EF Core (SQLite): who may write, the numbers, then the messages and their events.
    private static async Task<List<Pending>> StoreAsync(CairnDbContext db, int tenant, List<Pending> batch, List<(Pending Pending, ChatEventView View)> sent, CancellationToken cancellationToken)
    {
        if (await RefusedAsync(db, batch, cancellationToken) is { Count: > 0 } refused) return refused;
        var counts = Counts(batch);
        var seqs = Number(batch, counts, await ReserveAsync(db, tenant, counts, cancellationToken));
        var messages = batch.Select((p, i) => new ChatMessage
        {
            ConversationId = p.ConversationId, Seq = seqs[i], AuthorId = p.Author.Id, ClientMessageId = p.ClientMessageId,
            Text = p.Text, Html = p.Html, SentAt = p.At,
        }).ToList();
        db.AddRange(messages);
        await db.SaveChangesAsync(cancellationToken);
        for (var i = 0; i < batch.Count; i++)
        {
            var view = View(batch[i], seqs[i], messages[i].Id);
            db.Add(new ChatEvent { ConversationId = view.ConversationId, Seq = view.Seq, Type = view.Type, MessageId = view.Id, Data = JsonSerializer.Serialize(view, Json), At = view.At });
            sent.Add((batch[i], view));
        }

        await db.SaveChangesAsync(cancellationToken);
        return [];
    }

    // PostgreSQL: the batch in two round trips and a commit, without change tracking. The first reserves each
    // conversation's numbers under its row lock (not archived, a channel), the message ids, and asks who of the
    // senders may write (after the locks: a membership change that committed before is seen); the second inserts the
    // messages and their events from arrays.
    private static async Task<List<Pending>> StoreOnPostgresAsync(CairnDbContext db, int tenant, List<Pending> batch, List<(Pending Pending, ChatEventView View)> sent, CancellationToken cancellationToken)
    {
        var connection = (Npgsql.NpgsqlConnection)db.Database.GetDbConnection();
        var transaction = (Npgsql.NpgsqlTransaction)db.Database.CurrentTransaction!.GetDbTransaction();
        var counts = Counts(batch);
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

        var seqs = Number(batch, counts, last);
        var data = new string[batch.Count];
        for (var i = 0; i < batch.Count; i++)
        {
            var view = View(batch[i], seqs[i], ids[i]);
            data[i] = JsonSerializer.Serialize(view, Json);
            sent.Add((batch[i], view));
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

    // The messages of the batch whose senders may not write there (EF Core's form of the check that PostgreSQL's path
    // makes in SQL): the sender is a member of the channel, it is not archived, and they may write in the workspace.
    // Archiving is asked again under the row lock, in ReserveAsync. A client message id sent before is found by the
    // unique index when the batch is written (the batch then goes one at a time): asking here would cost more.
    private static async Task<List<Pending>> RefusedAsync(CairnDbContext db, List<Pending> batch, CancellationToken cancellationToken)
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
        return Split(batch, p => writers.Contains((p.ConversationId, p.Author.Id))).No;
    }

    // EF Core's path: the last number reserved per conversation, one UPDATE … RETURNING each, in one command, in id order.
    private static async Task<Dictionary<long, long>> ReserveAsync(CairnDbContext db, int tenant, List<(long Conversation, int Count)> counts, CancellationToken cancellationToken)
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
