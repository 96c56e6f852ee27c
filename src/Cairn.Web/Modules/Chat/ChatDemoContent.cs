namespace Cairn.Web.Modules.Chat;

/// <summary>The demo workspace's #general channel, with a few messages and a short thread of replies.</summary>
public sealed class ChatDemoContent(ChatConversations conversations, ChatLog log) : IDemoContent
{
    public async Task SeedAsync(Guid owner, CancellationToken cancellationToken)
    {
        var me = await conversations.PersonAsync(owner, cancellationToken) ?? throw new InvalidOperationException("The demo account is missing.");
        var (general, problem) = await conversations.CreateChannelAsync(me, "general", "Anything for everyone here", isPrivate: false, cancellationToken);
        if (general is null) throw new InvalidOperationException($"Demo channel: {problem}");
        string[] messages =
        [
            "Welcome to **#general**! Messages here reach everyone in the workspace.",
            "Each message is stored before anyone sees it, and numbered: reconnect, and you get exactly what you missed.",
            "Try a second browser: typing shows up, and what you read is remembered.",
        ];
        var i = 0;
        ChatEventView? first = null;
        foreach (var text in messages)
        {
            var (sent, refused) = await log.SendAsync(general, me, text, $"demo-{++i}", cancellationToken);
            if (refused is not null) throw new InvalidOperationException($"Demo message: {refused}");
            first ??= sent;
        }

        // A short thread on the first message.
        foreach (var reply in new[] { "Replies gather in a thread; the channel shows how many.", "Open it with **Reply** under a message." })
        {
            var (_, refused) = await log.SendAsync(general, me, reply, $"demo-{++i}", cancellationToken, first!.Id);
            if (refused is not null) throw new InvalidOperationException($"Demo reply: {refused}");
        }
    }
}
