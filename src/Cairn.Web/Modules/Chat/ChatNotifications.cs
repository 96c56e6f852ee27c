using Cairn.Web.Platform.Email;

namespace Cairn.Web.Modules.Chat;

/// <summary>
/// The missed-messages email (a recurring job, every five minutes): a member who has left a mention or a direct
/// message unread for <see cref="ChatOptions.MissedEmailAfterMinutes"/> gets one email listing them, at most one per
/// <see cref="ChatOptions.MissedEmailEveryMinutes"/> and workspace, unless they turned it off. The same run deletes
/// the connections no instance renews any more (an instance that crashed) and the uploads never sent in a message
/// within <see cref="ChatOptions.UnsentAttachmentHours"/>.
/// </summary>
public sealed class ChatMissedEmails(WorkspaceScopes workspaces, ILogger<ChatMissedEmails> logger) : IRecurringWork
{
    public const string Id = "chat-missed-email";

    [Hangfire.AutomaticRetry(Attempts = 0)]
    [Hangfire.DisableConcurrentExecution(timeoutInSeconds: 600)]
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var (sent, swept) = (0, 0);
        await workspaces.ForEachWorkspaceAsync(async (services, token) =>
        {
            await services.GetRequiredService<ChatPresence>().SweepAsync(token);
            swept += await services.GetRequiredService<ChatAttachments>().SweepUnsentAsync(token);
            sent += await services.GetRequiredService<ChatMissedEmailSweep>().RunAsync(token);
        }, cancellationToken, module: ChatModule.Name);
        if (sent > 0) logger.LogInformation("Sent {Count} missed-chat email(s)", sent);
        if (swept > 0) logger.LogInformation("Deleted {Count} chat upload(s) never sent", swept);
    }
}

/// <summary>
/// One workspace's part of <see cref="ChatMissedEmails"/>. What an email covers is claimed first (a conditional
/// write of the member's "covered until" time), so two runs never both send it; a failed send gives the claim back.
/// </summary>
public sealed class ChatMissedEmailSweep(CairnDbContext db, ITenantContext tenant, TimeProvider time, IOptions<ChatOptions> options, EmailComposer composer, IEmailSender sender, ILogger<ChatMissedEmailSweep> logger)
{
    /// <summary>Messages listed in one email at most.</summary>
    public const int MaxListed = 20;

    private sealed record Missed(Guid UserId, long ConversationId, ConversationKind Kind, string Name, long MessageId, Guid AuthorId, string Text, DateTime SentAt);

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var workspace = tenant.Workspace();
        var now = time.GetUtcNow().UtcDateTime;
        var missedBefore = now.AddMinutes(-options.Value.MissedEmailAfterMinutes);
        var every = TimeSpan.FromMinutes(options.Value.MissedEmailEveryMinutes);
        var lookBack = missedBefore.AddDays(-1);

        // Unread mentions and direct messages old enough to count as missed (a day back at most), of current members.
        var members = db.Set<ConversationMember>().Where(m => db.Memberships.Any(w => w.UserId == m.UserId));
        var mentions = db.Set<ChatMention>().Join(members, x => new { x.ConversationId, x.UserId }, m => new { m.ConversationId, m.UserId }, (x, m) => new { x, m })
            .Where(p => p.x.Seq > p.m.LastReadSeq).Select(p => new { p.m.UserId, p.x.MessageId });
        // Memberships of direct and group conversations first, then their unread messages (by the conversation and
        // number index): a channel's messages are never scanned for it.
        var direct = members.Where(m => db.Set<Conversation>().Any(c => c.Id == m.ConversationId && (c.Kind == ConversationKind.Direct || c.Kind == ConversationKind.Group)))
            .Join(db.Set<ChatMessage>(), m => m.ConversationId, message => message.ConversationId, (m, message) => new { m, message })
            .Where(p => p.message.Seq > p.m.LastReadSeq && p.message.AuthorId != p.m.UserId && p.message.SentAt > lookBack)
            .Select(p => new { p.m.UserId, MessageId = p.message.Id });
        var rows = await mentions.Union(direct)
            .Join(db.Set<ChatMessage>(), p => p.MessageId, message => message.Id, (p, message) => new { p.UserId, message })
            .Where(p => p.message.DeletedAt == null && p.message.SentAt <= missedBefore && p.message.SentAt > lookBack)
            .Join(db.Set<Conversation>(), p => p.message.ConversationId, c => c.Id, (p, c) => new
            {
                p.UserId, ConversationId = c.Id, c.Kind, c.Name, MessageId = p.message.Id, p.message.AuthorId, p.message.Text, p.message.SentAt,
            })
            .OrderBy(m => m.SentAt).Take(5_000)
            .Select(m => new Missed(m.UserId, m.ConversationId, m.Kind, m.Name, m.MessageId, m.AuthorId, m.Text, m.SentAt))
            .ToListAsync(cancellationToken);
        var sent = 0;
        foreach (var reader in rows.GroupBy(r => r.UserId))
        {
            var settings = await db.Set<ChatMemberSettings>().AsNoTracking().FirstOrDefaultAsync(s => s.UserId == reader.Key, cancellationToken);
            if (settings is { EmailMissed: false }) continue;
            // Once per period: the last email covered up to its own "missed before" time.
            if (settings?.DigestUntil is { } covered && covered > missedBefore - every) continue;
            var since = settings?.DigestUntil ?? DateTime.MinValue;
            var items = reader.Where(r => r.SentAt > since).DistinctBy(r => r.MessageId).OrderBy(r => r.SentAt).ToList();
            if (items.Count == 0) continue;
            if (!await ClaimAsync(reader.Key, settings?.DigestUntil, settings is not null, missedBefore, cancellationToken)) continue;
            var user = await db.Users.Where(u => u.Id == reader.Key).Select(u => new { u.Email, u.DisplayName }).FirstAsync(cancellationToken);
            if (user.Email is null) continue;
            var authorIds = items.Select(i => i.AuthorId).Distinct().ToList();
            var authors = await db.Users.Where(u => authorIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, cancellationToken);
            var lines = string.Join("\n", items.Take(MaxListed).Select(i =>
                $"- {(i.Kind is ConversationKind.Public or ConversationKind.Private ? "#" + i.Name : "Direct message")}, {authors.GetValueOrDefault(i.AuthorId, "someone")}: \"{ChatLog.Excerpt(i.Text)}\"\n  {composer.Link(workspace.Slug, $"/chat/{i.ConversationId}?message={i.MessageId}")}"));
            var more = items.Count > MaxListed ? $"\n…and {items.Count - MaxListed} more.\n" : "";
            var text = $"""
                Hello {user.DisplayName},

                You have unread messages for you in {workspace.Name}:

                {lines}
                {more}
                Turn these emails off: {composer.Link(workspace.Slug, "/chat/settings")}
                """;
            try
            {
                await sender.SendAsync(composer.Create(user.DisplayName, user.Email, $"{items.Count} unread {(items.Count == 1 ? "message" : "messages")} for you in {workspace.Name}", text), cancellationToken);
                sent++;
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                // Give the claim back: the next run sends it. The others of this run still get theirs.
                await db.Set<ChatMemberSettings>().Where(s => s.UserId == reader.Key && s.DigestUntil == missedBefore)
                    .ExecuteUpdateAsync(set => set.SetProperty(s => s.DigestUntil, settings?.DigestUntil), CancellationToken.None);
                logger.LogWarning(e, "Could not email {UserId} their missed chat messages; the next run tries again", reader.Key);
            }
        }

        return sent;
    }

    // Moves the member's "covered until" from what this run read to missedBefore; false when another run did first.
    private async Task<bool> ClaimAsync(Guid user, DateTime? was, bool hasRow, DateTime until, CancellationToken cancellationToken)
    {
        if (hasRow)
            return await db.Set<ChatMemberSettings>().Where(s => s.UserId == user && s.DigestUntil == was)
                .ExecuteUpdateAsync(set => set.SetProperty(s => s.DigestUntil, until), cancellationToken) == 1;
        try
        {
            db.Add(new ChatMemberSettings { UserId = user, DigestUntil = until });
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException e) when (UniqueViolations.Is(e))
        {
            return false; // another run made the row first
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }
}
