using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cairn.Tests.Infrastructure;
using Cairn.Web.Modules.Chat;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Cairn.Tests.Modules.Chat;

/// <summary>
/// Issue 15: the chat hub with real SignalR clients. Every event has the next number of its conversation, stored
/// before it is broadcast; clients catch up exactly after a drop or a restart; a repeated client message id is
/// stored once; nobody outside a conversation or a workspace reads it.
/// </summary>
public sealed class ChatHubTests(CairnApp app) : IAsyncLifetime
{
    private string _workspace = "";
    private TestUser _owner = null!;
    private long _general;

    public async ValueTask InitializeAsync()
    {
        _owner = await app.CreateUserAsync(workspace: null);
        _workspace = await app.CreateWorkspaceAsync(_owner.Id, prefix: "chat");
        _general = await ChannelAsync(app, _workspace, _owner, "general");
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    internal static async Task<long> ChannelAsync(CairnApp app, string workspace, TestUser creator, string name, bool isPrivate = false)
    {
        var (scope, _) = await app.DbForAsync(workspace);
        await using (scope)
        {
            var conversations = scope.ServiceProvider.GetRequiredService<ChatConversations>();
            var (channel, problem) = await conversations.CreateChannelAsync((await conversations.PersonAsync(creator.Id, CancellationToken.None))!, name, "", isPrivate, CancellationToken.None);
            Assert.True(channel is not null, problem);
            return channel.Id;
        }
    }

    internal static async Task JoinAsync(CairnApp app, string workspace, long conversation, TestUser user)
    {
        var (scope, db) = await app.DbForAsync(workspace);
        await using (scope)
        {
            var channel = await db.Set<Conversation>().FirstAsync(c => c.Id == conversation);
            var person = await scope.ServiceProvider.GetRequiredService<ChatConversations>().PersonAsync(user.Id, CancellationToken.None);
            await scope.ServiceProvider.GetRequiredService<ChatLog>().JoinAsync(channel, person!, CancellationToken.None);
        }
    }

    internal static async Task<string> TokenAsync(CairnApp app, string workspace, TestUser user)
    {
        using var client = app.Browser(workspace);
        var answer = await client.Http.PostAsJsonAsync("/api/v1/auth/token", new { email = user.Email, password = user.Password });
        answer.EnsureSuccessStatusCode();
        return (await answer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString()!;
    }

    /// <summary>A started hub connection of <paramref name="user"/> to <paramref name="workspace"/>, keeping every event it receives.</summary>
    internal static async Task<(HubConnection Hub, ConcurrentQueue<ChatEventView> Received)> ConnectAsync(CairnApp app, string workspace, TestUser user)
    {
        var token = await TokenAsync(app, workspace, user);
        var hub = new HubConnectionBuilder()
            .WithUrl($"http://{workspace}.localhost/hubs/chat", options =>
            {
                options.HttpMessageHandlerFactory = _ => app.Server.CreateHandler();
                options.Transports = HttpTransportType.LongPolling;
                options.AccessTokenProvider = () => Task.FromResult<string?>(token);
            })
            .Build();
        var received = new ConcurrentQueue<ChatEventView>();
        hub.On<ChatEventView>("Event", received.Enqueue);
        await hub.StartAsync(TestContext.Current.CancellationToken);
        // The client is connected once the handshake is answered; the server records the connection (and joins
        // its presence and notification groups) a moment later.
        await Eventually.Until(async () =>
        {
            var (scope, db) = await app.DbForAsync(workspace);
            await using (scope) return await db.Set<ChatConnection>().AnyAsync(c => c.ConnectionId == hub.ConnectionId);
        }, "the connection recorded by the server");
        return (hub, received);
    }

    private static Task<ChatEventView> SendAsync(HubConnection hub, long conversation, string text, string? clientId = null) =>
        hub.InvokeAsync<ChatEventView>("Send", conversation, text, clientId ?? Guid.NewGuid().ToString("N"), TestContext.Current.CancellationToken);

    private static Task<IReadOnlyList<ChatEventView>> SubscribeAsync(HubConnection hub, long conversation, long after) =>
        hub.InvokeAsync<IReadOnlyList<ChatEventView>>("Subscribe", conversation, after, TestContext.Current.CancellationToken);

    [Fact]
    public async Task ConcurrentSenders_GetAGapFreeSequence_AndEveryClientGetsEveryEventOnce()
    {
        var members = new List<TestUser> { _owner };
        for (var i = 0; i < 3; i++)
        {
            var member = await app.CreateUserAsync(_workspace);
            await JoinAsync(app, _workspace, _general, member);
            members.Add(member);
        }

        var clients = new List<(HubConnection Hub, ConcurrentQueue<ChatEventView> Received)>();
        foreach (var member in members) clients.Add(await ConnectAsync(app, _workspace, member));
        var start = (await SubscribeAsync(clients[0].Hub, _general, 0))[^1].Seq;
        foreach (var (hub, _) in clients.Skip(1)) await SubscribeAsync(hub, _general, start);

        // Four senders, fifteen messages each, all at once: every one stored by group commit (none handed back).
        var batcher = app.Services.GetRequiredService<ChatSendBatcher>();
        var (written, handedBack) = (batcher.Written, batcher.HandedBack);
        var sent = await Task.WhenAll(clients.SelectMany((c, who) => Enumerable.Range(0, 15).Select(n => SendAsync(c.Hub, _general, $"{who}:{n}"))));
        Assert.Equal(Enumerable.Range((int)start + 1, 60).Select(n => (long)n), sent.Select(s => s.Seq).Order());
        Assert.True(batcher.Written - written >= 60, $"{batcher.Written - written} of 60 messages stored in batches");
        Assert.Equal(handedBack, batcher.HandedBack);

        // Stored: the same numbers, no gap, no repeat.
        var all = await SubscribeAsync(clients[0].Hub, _general, start);
        Assert.Equal(sent.Select(s => s.Seq).Order(), all.Select(e => e.Seq));
        Assert.All(all, e => Assert.Equal(ChatEventView.Message, e.Type));
        // Each sender's own messages are in the order it sent them.
        foreach (var who in Enumerable.Range(0, 4))
        {
            var mine = all.Where(e => e.Text!.StartsWith($"{who}:", StringComparison.Ordinal)).Select(e => int.Parse(e.Text![(e.Text!.IndexOf(':') + 1)..], System.Globalization.CultureInfo.InvariantCulture)).ToList();
            Assert.Equal(15, mine.Count);
        }

        // Every client received every event live, each once (in whatever order the broadcasts crossed).
        foreach (var (hub, received) in clients)
        {
            await Eventually.Until(() => received.Count(e => e.Seq > start) >= 60, "every broadcast to arrive");
            Assert.Equal(all.Select(e => e.Seq), received.Where(e => e.Seq > start).Select(e => e.Seq).Order());
            await hub.DisposeAsync();
        }
    }

    [Fact]
    public async Task AClientThatDropped_OrAServerThatRestarted_CatchesUpExactly_WithNoGapAndNoRepeat()
    {
        var reader = await app.CreateUserAsync(_workspace);
        await JoinAsync(app, _workspace, _general, reader);
        var (writer, _) = await ConnectAsync(app, _workspace, _owner);
        var (first, firstReceived) = await ConnectAsync(app, _workspace, reader);
        var seen = (await SubscribeAsync(first, _general, 0))[^1].Seq;
        var before = await SendAsync(writer, _general, "before the drop");
        await Eventually.Until(() => firstReceived.Any(e => e.Seq == before.Seq), "the live event");
        seen = before.Seq;
        await first.DisposeAsync(); // the connection drops

        var missed = new List<ChatEventView>();
        for (var i = 0; i < 5; i++) missed.Add(await SendAsync(writer, _general, $"while away {i}"));
        var (again, _) = await ConnectAsync(app, _workspace, reader);
        var caughtUp = await SubscribeAsync(again, _general, seen);
        Assert.Equal(missed.Select(m => m.Seq), caughtUp.Select(e => e.Seq));
        Assert.Equal(missed.Select(m => m.Text), caughtUp.Select(e => e.Text));
        await again.DisposeAsync();
        await writer.DisposeAsync();

        // After a restart (a new server on the same database), the same question answers the same.
        await using var restarted = new CairnApp(new Dictionary<string, string?>(), app.DataDirectory, app.Database);
        await restarted.InitializeAsync();
        var (after, _) = await ConnectAsync(restarted, _workspace, reader);
        Assert.Equal(missed.Select(m => m.Seq), (await SubscribeAsync(after, _general, seen)).Select(e => e.Seq));
        var (writerAfter, _) = await ConnectAsync(restarted, _workspace, _owner);
        var next = await SendAsync(writerAfter, _general, "after the restart");
        Assert.Equal(missed[^1].Seq + 1, next.Seq);
        await after.DisposeAsync();
        await writerAfter.DisposeAsync();
    }

    [Fact]
    public async Task AMessageSentAgainWithItsClientId_IsStoredOnce_EvenWhenBothArriveAtOnce()
    {
        var (hub, _) = await ConnectAsync(app, _workspace, _owner);
        var first = await SendAsync(hub, _general, "once only", "retry-1");
        var again = await SendAsync(hub, _general, "once only", "retry-1");
        Assert.Equal(first.Seq, again.Seq);
        Assert.Equal(first.Id, again.Id);
        var twins = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => SendAsync(hub, _general, "at once", "retry-2")));
        Assert.Single(twins.Select(t => t.Seq).Distinct());
        var (scope, db) = await app.DbForAsync(_workspace);
        await using (scope)
        {
            Assert.Equal(1, await db.Set<ChatMessage>().CountAsync(m => m.ClientMessageId == "retry-1"));
            Assert.Equal(1, await db.Set<ChatMessage>().CountAsync(m => m.ClientMessageId == "retry-2"));
            // And no number was used up by the repeats.
            var seqs = await db.Set<ChatEvent>().Where(e => e.ConversationId == _general).OrderBy(e => e.Seq).Select(e => e.Seq).ToListAsync();
            Assert.Equal(Enumerable.Range(1, seqs.Count).Select(n => (long)n), seqs);
        }

        await hub.DisposeAsync();
    }

    [Fact]
    public async Task AStrangerWhoIsNotSignedIn_CannotConnect_UseTheApi_OrOpenThePages()
    {
        var hub = new HubConnectionBuilder()
            .WithUrl($"http://{_workspace}.localhost/hubs/chat", options =>
            {
                options.HttpMessageHandlerFactory = _ => app.Server.CreateHandler();
                options.Transports = HttpTransportType.LongPolling;
            })
            .Build();
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => hub.StartAsync(TestContext.Current.CancellationToken));
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        await hub.DisposeAsync();

        using var stranger = app.Browser(_workspace);
        Assert.Equal(HttpStatusCode.Unauthorized, (await stranger.Http.GetAsync($"/api/v1/chat/conversations/{_general}/events")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await stranger.Http.PostAsJsonAsync($"/api/v1/chat/conversations/{_general}/messages", new { text = "hi", clientMessageId = "s-1" })).StatusCode);
        var page = await stranger.Http.GetAsync($"/chat/{_general}");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Contains("/account/login", page.Headers.Location!.ToString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task StrangersOutsiders_AndViewers_CannotReadOrWrite_ByHubOrApi()
    {
        var member = await app.CreateUserAsync(_workspace);
        var secret = await ChannelAsync(app, _workspace, _owner, "secret-plans", isPrivate: true);
        var (owner, _) = await ConnectAsync(app, _workspace, _owner);
        await SendAsync(owner, secret, "the plan");

        // A member of the workspace who is not in the private channel: as if it did not exist.
        var (outsider, outsiderReceived) = await ConnectAsync(app, _workspace, member);
        var refused = await Assert.ThrowsAsync<HubException>(() => SubscribeAsync(outsider, secret, 0));
        Assert.Contains("No such conversation", refused.Message);
        await Assert.ThrowsAsync<HubException>(() => SendAsync(outsider, secret, "let me in"));
        // A public channel they have not joined: readable, not writable until they join.
        Assert.NotEmpty(await SubscribeAsync(outsider, _general, 0));
        Assert.Contains("Join the channel", (await Assert.ThrowsAsync<HubException>(() => SendAsync(outsider, _general, "hi"))).Message);
        using var outsiderApi = await app.ApiClientAsync(_workspace, member);
        Assert.Equal(HttpStatusCode.NotFound, (await outsiderApi.Http.GetAsync($"/api/v1/chat/conversations/{secret}/events")).StatusCode);
        Assert.DoesNotContain("secret", await outsiderApi.Http.GetStringAsync("/api/v1/chat/conversations"));

        // Someone of another workspace, with a token of their own workspace: refused by the hub's workspace.
        var stranger = await app.CreateUserAsync(workspace: null);
        var elsewhere = await app.CreateWorkspaceAsync(stranger.Id, prefix: "chat-other");
        var (strangerHub, _) = await ConnectAsync(app, elsewhere, stranger);
        await Assert.ThrowsAsync<HubException>(() => SubscribeAsync(strangerHub, _general, 0));
        await Assert.ThrowsAsync<HubException>(() => SendAsync(strangerHub, _general, "hello from elsewhere"));
        // Their token on this workspace's host: not a token here.
        using var strangerApi = await app.ApiClientAsync(elsewhere, stranger);
        var crossing = new HttpRequestMessage(HttpMethod.Get, $"http://{_workspace}.localhost/api/v1/chat/conversations/{_general}/events");
        crossing.Headers.Authorization = strangerApi.Http.DefaultRequestHeaders.Authorization;
        Assert.Equal(HttpStatusCode.Unauthorized, (await strangerApi.Http.SendAsync(crossing)).StatusCode);

        // A Viewer reads the public channel but does not write.
        var viewer = await app.CreateUserAsync(_workspace, Cairn.Web.Platform.Tenancy.WorkspaceRole.Viewer);
        await JoinAsync(app, _workspace, _general, viewer);
        var (viewerHub, _) = await ConnectAsync(app, _workspace, viewer);
        Assert.NotEmpty(await SubscribeAsync(viewerHub, _general, 0));
        Assert.Contains("Viewers", (await Assert.ThrowsAsync<HubException>(() => SendAsync(viewerHub, _general, "may I?"))).Message);

        // None of the private channel's events reached the outsider's connection.
        await SendAsync(owner, secret, "second part of the plan");
        await SendAsync(owner, _general, "a public note");
        await Eventually.Until(() => outsiderReceived.Any(e => e.ConversationId == _general), "the public event");
        Assert.DoesNotContain(outsiderReceived, e => e.ConversationId == secret);
        foreach (var hub in new[] { owner, outsider, strangerHub, viewerHub }) await hub.DisposeAsync();
    }

    [Fact]
    public async Task AMemberTakenOutOfAPrivateChannel_StopsReceivingItsEventsAtOnce_AndCannotComeBack()
    {
        var member = await app.CreateUserAsync(_workspace);
        await JoinAsync(app, _workspace, _general, member);
        var circle = await ChannelAsync(app, _workspace, _owner, "inner-circle", isPrivate: true);
        using var ownerApi = await app.ApiClientAsync(_workspace, _owner);
        Assert.Equal(HttpStatusCode.NoContent, (await ownerApi.Http.PostAsJsonAsync($"/api/v1/chat/conversations/{circle}/members", new { userName = member.UserName })).StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await ownerApi.Http.PostAsJsonAsync($"/api/v1/chat/conversations/{circle}/members", new { userName = "nobody-here" })).StatusCode);

        var (memberHub, received) = await ConnectAsync(app, _workspace, member);
        await SubscribeAsync(memberHub, circle, 0);
        await SubscribeAsync(memberHub, _general, 0);
        // Having sent there, the connection takes the quick way (access asked as the message is stored) next time.
        await SendAsync(memberHub, circle, "mine, while a member");
        var (ownerHub, _) = await ConnectAsync(app, _workspace, _owner);
        var before = await SendAsync(ownerHub, circle, "for the circle");
        await Eventually.Until(() => received.Any(e => e.ConversationId == circle && e.Seq == before.Seq), "the circle's message");

        // A member who neither made the channel nor is an Admin takes nobody else out.
        using var memberApi = await app.ApiClientAsync(_workspace, member);
        Assert.Equal(HttpStatusCode.Forbidden, (await memberApi.Http.DeleteAsync($"/api/v1/chat/conversations/{circle}/members/{_owner.UserName}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await ownerApi.Http.DeleteAsync($"/api/v1/chat/conversations/{circle}/members/{member.UserName}")).StatusCode);

        // The next message of the circle does not reach their open connection; a later public one does.
        var after = await SendAsync(ownerHub, circle, "not for you any more");
        var marker = await SendAsync(ownerHub, _general, "a public marker");
        await Eventually.Until(() => received.Any(e => e.ConversationId == _general && e.Seq == marker.Seq), "the public marker");
        Assert.DoesNotContain(received, e => e.ConversationId == circle && e.Seq >= after.Seq);
        await Assert.ThrowsAsync<HubException>(() => SubscribeAsync(memberHub, circle, 0));
        Assert.Contains("No such conversation", (await Assert.ThrowsAsync<HubException>(() => SendAsync(memberHub, circle, "let me back"))).Message);
        Assert.Contains("No such conversation", (await Assert.ThrowsAsync<HubException>(() => SendAsync(memberHub, circle, "let me back, again"))).Message);
        Assert.Equal(HttpStatusCode.NotFound, (await memberApi.Http.GetAsync($"/api/v1/chat/conversations/{circle}/events")).StatusCode);
        var stored = await (await ownerApi.Http.GetAsync($"/api/v1/chat/conversations/{circle}/events?after=0&limit=200")).Content.ReadFromJsonAsync<List<ChatEventView>>();
        Assert.DoesNotContain(stored!, e => e.Text?.StartsWith("let me back", StringComparison.Ordinal) == true);
        await memberHub.DisposeAsync();
        await ownerHub.DisposeAsync();
    }

    [Fact]
    public async Task AnAuthorEditsAndDeletes_AnAdminModerates_OthersCannot_AndADeletedTextLeavesEveryEvent()
    {
        var author = await app.CreateUserAsync(_workspace);
        var other = await app.CreateUserAsync(_workspace);
        foreach (var user in new[] { author, other }) await JoinAsync(app, _workspace, _general, user);
        var (authorHub, _) = await ConnectAsync(app, _workspace, author);
        var (otherHub, otherReceived) = await ConnectAsync(app, _workspace, other);
        await SubscribeAsync(otherHub, _general, 0);
        var sent = await SendAsync(authorHub, _general, "Meeting at 3");

        var edit = await authorHub.InvokeAsync<ChatEventView>("Edit", sent.Id, "Meeting at *4*", TestContext.Current.CancellationToken);
        Assert.Equal(ChatEventView.Edit, edit.Type);
        Assert.Equal(sent.Seq + 1, edit.Seq);
        Assert.Equal("<p>Meeting at <em>4</em></p>", edit.Html!.Trim());
        await Eventually.Until(() => otherReceived.Any(e => e.Seq == edit.Seq && e.Type == ChatEventView.Edit && e.Id == sent.Id), "the edit, live");
        // Someone else's message: neither edited nor deleted by a Member.
        Assert.Contains("Only its author", (await Assert.ThrowsAsync<HubException>(() => otherHub.InvokeAsync<ChatEventView>("Edit", sent.Id, "mine now", TestContext.Current.CancellationToken))).Message);
        Assert.Contains("Only its author", (await Assert.ThrowsAsync<HubException>(() => otherHub.InvokeAsync<ChatEventView>("Delete", sent.Id, TestContext.Current.CancellationToken))).Message);
        using var otherApi = await app.ApiClientAsync(_workspace, other);
        Assert.Equal(HttpStatusCode.Forbidden, (await otherApi.Http.DeleteAsync($"/api/v1/chat/messages/{sent.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await otherApi.Http.DeleteAsync("/api/v1/chat/messages/987654321")).StatusCode);

        // The workspace's Owner moderates: the message goes, and its text leaves every event that carried it.
        using var ownerApi = await app.ApiClientAsync(_workspace, _owner);
        var deleted = await ownerApi.Http.DeleteAsync($"/api/v1/chat/messages/{sent.Id}");
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        var history = await SubscribeAsync(otherHub, _general, sent.Seq - 1);
        Assert.Equal([ChatEventView.Message, ChatEventView.Edit, ChatEventView.Delete], history.Take(3).Select(e => e.Type));
        Assert.All(history.Take(3), e => Assert.True(e.Deleted && e.Text is null && e.Html is null));
        var (scope, db) = await app.DbForAsync(_workspace);
        await using (scope)
        {
            Assert.DoesNotContain(await db.Set<ChatEvent>().Where(e => e.ConversationId == _general).Select(e => e.Data).ToListAsync(), d => d.Contains("Meeting at", StringComparison.Ordinal));
            Assert.Equal("", (await db.Set<ChatMessage>().FirstAsync(m => m.Id == sent.Id)).Text);
        }

        Assert.Contains("deleted", (await Assert.ThrowsAsync<HubException>(() => authorHub.InvokeAsync<ChatEventView>("Edit", sent.Id, "back?", TestContext.Current.CancellationToken))).Message);
        await authorHub.DisposeAsync();
        await otherHub.DisposeAsync();
    }

    [Fact]
    public async Task Reactions_OneOfEachEmojiPerMember_AreEventsInTheSequence_AndBadEmojiAreRefused()
    {
        var member = await app.CreateUserAsync(_workspace);
        await JoinAsync(app, _workspace, _general, member);
        var (ownerHub, _) = await ConnectAsync(app, _workspace, _owner);
        var (memberHub, received) = await ConnectAsync(app, _workspace, member);
        await SubscribeAsync(memberHub, _general, 0);
        var sent = await SendAsync(ownerHub, _general, "Ship it?");

        var thumbs = await memberHub.InvokeAsync<ChatEventView?>("React", sent.Id, "👍", true, TestContext.Current.CancellationToken);
        Assert.NotNull(thumbs);
        Assert.Equal((sent.Seq + 1, ChatEventView.Reaction, "👍", true, sent.Id), (thumbs.Seq, thumbs.Type, thumbs.Emoji, thumbs.Added, thumbs.Id));
        // Again: already so, nothing changes and no number is used.
        Assert.Null(await memberHub.InvokeAsync<ChatEventView?>("React", sent.Id, "👍", true, TestContext.Current.CancellationToken));
        var heart = await ownerHub.InvokeAsync<ChatEventView?>("React", sent.Id, "❤️", true, TestContext.Current.CancellationToken);
        Assert.Equal(thumbs.Seq + 1, heart!.Seq);
        var back = await memberHub.InvokeAsync<ChatEventView?>("React", sent.Id, "👍", false, TestContext.Current.CancellationToken);
        Assert.Equal((heart.Seq + 1, false), (back!.Seq, back.Added));
        await Eventually.Until(() => received.Any(e => e.Seq == back.Seq), "the reactions, live");
        Assert.Equal([thumbs.Seq, heart.Seq, back.Seq], received.Where(e => e.Type == ChatEventView.Reaction).Select(e => e.Seq).Order());

        foreach (var bad in new[] { "", "ok", "👍👍", "<script>", new string('x', 40) })
            Assert.Contains("one emoji", (await Assert.ThrowsAsync<HubException>(() => memberHub.InvokeAsync<ChatEventView?>("React", sent.Id, bad, true, TestContext.Current.CancellationToken))).Message);
        using var api = await app.ApiClientAsync(_workspace, member);
        Assert.Equal(HttpStatusCode.NoContent, (await api.Http.PutAsync($"/api/v1/chat/messages/{sent.Id}/reactions/{Uri.EscapeDataString("🎉")}", null)).StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await api.Http.PutAsync($"/api/v1/chat/messages/{sent.Id}/reactions/abc", null)).StatusCode);
        var (scope, db) = await app.DbForAsync(_workspace);
        await using (scope)
            Assert.Equal(["❤️", "🎉"], (await db.Set<ChatReaction>().Where(r => r.MessageId == sent.Id).Select(r => r.Emoji).ToListAsync()).Order(StringComparer.Ordinal));
        await ownerHub.DisposeAsync();
        await memberHub.DisposeAsync();
    }

    [Fact]
    public async Task Replies_GoInTheirThread_CountOnItsFirstMessage_AndStayOneLevelDeep()
    {
        var (hub, received) = await ConnectAsync(app, _workspace, _owner);
        await SubscribeAsync(hub, _general, 0);
        var rootMessage = await SendAsync(hub, _general, "Where shall we eat?");
        var reply = await hub.InvokeAsync<ChatEventView>("Reply", _general, rootMessage.Id, "The noodle place", Guid.NewGuid().ToString("N"), TestContext.Current.CancellationToken);
        Assert.Equal((rootMessage.Seq + 1, rootMessage.Id), (reply.Seq, reply.ThreadRootId));
        await hub.InvokeAsync<ChatEventView>("Reply", _general, rootMessage.Id, "Seconded", Guid.NewGuid().ToString("N"), TestContext.Current.CancellationToken);
        await Eventually.Until(() => received.Count(e => e.ThreadRootId == rootMessage.Id) == 2, "the replies, live, marked with their thread");

        // A reply to a reply, or to a message of another conversation, is refused.
        Assert.Contains("not itself a reply", (await Assert.ThrowsAsync<HubException>(() =>
            hub.InvokeAsync<ChatEventView>("Reply", _general, reply.Id, "deeper", "deep-1", TestContext.Current.CancellationToken))).Message);
        var other = await ChannelAsync(app, _workspace, _owner, "elsewhere");
        Assert.Contains("not itself a reply", (await Assert.ThrowsAsync<HubException>(() =>
            hub.InvokeAsync<ChatEventView>("Reply", other, rootMessage.Id, "across", "deep-2", TestContext.Current.CancellationToken))).Message);

        // The page: the conversation counts the replies and leaves them out; the thread shows them under its first message.
        using var browser = app.Browser(_workspace);
        await browser.LogInAsync(_owner);
        var (_, page) = await browser.GetAsync($"/chat/{_general}");
        var first = page.QuerySelectorAll("[data-testid=message]").Single(m => m.GetAttribute("data-id") == rootMessage.Id!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("2 replies", first.QuerySelector("[data-testid=replies]")!.TextContent);
        Assert.DoesNotContain("The noodle place", page.QuerySelector("[data-testid=messages]")!.TextContent);
        var (_, threadPage) = await browser.GetAsync($"/chat/{_general}?thread={rootMessage.Id}");
        Assert.Equal(["Where shall we eat?", "The noodle place", "Seconded"], threadPage.QuerySelectorAll("[data-testid=message] .chat-text").Select(t => t.TextContent.Trim()));
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await browser.Http.GetAsync($"/chat/{_general}?thread={reply.Id}")).StatusCode);
        // Replying without JavaScript: the form posts into the thread.
        Assert.Equal(System.Net.HttpStatusCode.Redirect, (await browser.SubmitAsync($"/chat/{_general}?thread={rootMessage.Id}", new Dictionary<string, string> { ["Text"] = "Thirded" }, "form[data-testid=compose]")).StatusCode);
        var (_, after) = await browser.GetAsync($"/chat/{_general}?thread={rootMessage.Id}");
        Assert.Contains("Thirded", after.QuerySelector("[data-testid=messages]")!.TextContent);
        await hub.DisposeAsync();
    }

    [Fact]
    public async Task UnreadAndMentionCounts_AgreeWithARecountOfTheEvents_AfterRandomSendsReadsEditsAndDeletes()
    {
        var people = new List<TestUser> { _owner };
        for (var i = 0; i < 2; i++)
        {
            var member = await app.CreateUserAsync(_workspace);
            await JoinAsync(app, _workspace, _general, member);
            people.Add(member);
        }

        var random = new Random(20261206);
        var sentBy = new List<(long Id, Guid Author)>();
        for (var step = 0; step < 80; step++)
        {
            var (scope, db) = await app.DbForAsync(_workspace);
            await using (scope)
            {
                var log = scope.ServiceProvider.GetRequiredService<ChatLog>();
                var conversations = scope.ServiceProvider.GetRequiredService<ChatConversations>();
                var channel = await db.Set<Conversation>().AsNoTracking().FirstAsync(c => c.Id == _general);
                var who = people[random.Next(people.Count)];
                var person = (await conversations.PersonAsync(who.Id, CancellationToken.None))!;
                switch (random.Next(10))
                {
                    case < 5: // a message, naming someone now and then, or everyone
                        var named = random.Next(4) switch { 0 => $" @{people[random.Next(people.Count)].UserName}", 1 => " @channel", 2 => " @nobody-here", _ => "" };
                        var (sent, _) = await log.SendAsync(channel, person, $"step {step}{named}", $"r-{step}", CancellationToken.None);
                        sentBy.Add((sent!.Id!.Value, who.Id));
                        break;
                    case < 7: // someone reads up to somewhere
                        await log.MarkReadAsync(_general, who.Id, random.NextInt64(0, channel.LastSeq + 1), CancellationToken.None);
                        break;
                    case 7 when sentBy.Count > 0: // an edit that names someone else
                        var (editId, _) = sentBy[random.Next(sentBy.Count)];
                        var editing = await db.Set<ChatMessage>().AsNoTracking().FirstAsync(m => m.Id == editId);
                        await log.ChangeAsync(editing, $"edited @{people[random.Next(people.Count)].UserName}", CancellationToken.None);
                        break;
                    case 8 when sentBy.Count > 0: // a delete
                        var (deleteId, _) = sentBy[random.Next(sentBy.Count)];
                        var deleting = await db.Set<ChatMessage>().AsNoTracking().FirstAsync(m => m.Id == deleteId);
                        await log.ChangeAsync(deleting, null, CancellationToken.None);
                        break;
                }
            }

            if (step % 20 != 19) continue;
            // The counts the pages show, against a recount from the events as clients received them.
            var (check, checkDb) = await app.DbForAsync(_workspace);
            await using (check)
            {
                var events = await check.ServiceProvider.GetRequiredService<ChatLog>().EventsAfterAsync(_general, 0, 500, CancellationToken.None);
                foreach (var person in people)
                {
                    var marker = await checkDb.Set<ConversationMember>().Where(m => m.ConversationId == _general && m.UserId == person.Id).Select(m => m.LastReadSeq).SingleAsync();
                    var shown = (await check.ServiceProvider.GetRequiredService<ChatConversations>().ListAsync(person.Id, CancellationToken.None)).Single(c => c.Id == _general);
                    var deleted = events.Where(e => e.Type == ChatEventView.Delete).Select(e => e.Id!.Value).ToHashSet();
                    var lastMentions = events.Where(e => e.Type is ChatEventView.Message or ChatEventView.Edit).GroupBy(e => e.Id!.Value).ToDictionary(g => g.Key, g => g.Last());
                    var unread = events.Where(e => e.Type == ChatEventView.Message && e.Seq > marker && e.Author!.Id != person.Id && !deleted.Contains(e.Id!.Value)).ToList();
                    Assert.Equal(unread.Count, shown.Unread);
                    Assert.Equal(unread.Count(e => lastMentions[e.Id!.Value] is var now && (now.MentionsEveryone || (now.Mentions?.Contains(person.Id) ?? false))), shown.Mentions);
                }
            }
        }
    }

    [Fact]
    public async Task AStoppingInstance_AsksItsOwnClientsToReconnectWithinTheSpread()
    {
        var (hub, _) = await ConnectAsync(app, _workspace, _owner);
        var asked = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        hub.On<int>("Reconnect", within => asked.TrySetResult(within));
        // The client is connected once the handshake is answered; the server records the connection just after.
        var local = app.Services.GetRequiredService<LocalChatConnections>();
        await Eventually.Until(() => local.All.Contains(hub.ConnectionId!), "the connection recorded as this instance's");
        // What the host runs when it stops (before the web server), run here without stopping the suite's app.
        var shutdown = app.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<ChatShutdown>().Single();
        await shutdown.StopAsync(TestContext.Current.CancellationToken);
        Assert.Equal(10_000, await asked.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken));
        var connectionId = hub.ConnectionId!;
        await hub.DisposeAsync();
        // A closed connection is no longer this instance's to tell.
        await Eventually.Until(() => !local.All.Contains(connectionId), "the closed connection forgotten");
    }

    [Fact]
    public async Task AnArchivedChannel_TakesNoMessageEditOrReaction_EvenFromASenderCheckedBeforeTheArchive()
    {
        var channel = await ChannelAsync(app, _workspace, _owner, "archive-race");
        var (ownerHub, _) = await ConnectAsync(app, _workspace, _owner);
        var first = await SendAsync(ownerHub, channel, "before the archive"); // the quick way from now on
        var (scope, db) = await app.DbForAsync(_workspace);
        await using (scope)
        {
            // The conversation as a send read it a moment before the archive: the write itself refuses.
            var stale = await db.Set<Conversation>().AsNoTracking().FirstAsync(c => c.Id == channel, TestContext.Current.CancellationToken);
            using var api = await app.ApiClientAsync(_workspace, _owner);
            Assert.Equal(HttpStatusCode.NoContent, (await api.Http.PostAsync($"/api/v1/chat/conversations/{channel}/archive", null, TestContext.Current.CancellationToken)).StatusCode);
            var log = scope.ServiceProvider.GetRequiredService<ChatLog>();
            var person = (await scope.ServiceProvider.GetRequiredService<ChatConversations>().PersonAsync(_owner.Id, CancellationToken.None))!;
            foreach (var text in new[] { "plain, after the archive", $"@{_owner.UserName} named, after the archive" })
            {
                var (sent, problem) = await log.SendAsync(stale, person, text, Guid.NewGuid().ToString("N"), CancellationToken.None);
                Assert.Null(sent);
                Assert.Equal("This conversation is archived.", problem);
            }

            var message = await db.Set<ChatMessage>().AsNoTracking().FirstAsync(m => m.Id == first.Id, TestContext.Current.CancellationToken);
            var (edited, editProblem) = await log.ChangeAsync(message, "edited after the archive", CancellationToken.None);
            Assert.Null(edited);
            Assert.Equal("This conversation is archived.", editProblem);
            Assert.Null(await log.ReactAsync(message, person, "👍", on: true, CancellationToken.None));
        }

        Assert.Contains("archived", (await Assert.ThrowsAsync<HubException>(() => SendAsync(ownerHub, channel, "by the hub, after the archive"))).Message);
        using var reader = await app.ApiClientAsync(_workspace, _owner);
        var events = await (await reader.Http.GetAsync($"/api/v1/chat/conversations/{channel}/events?after=0&limit=200", TestContext.Current.CancellationToken)).Content.ReadFromJsonAsync<List<ChatEventView>>(TestContext.Current.CancellationToken);
        Assert.Equal(ChatEventView.Archive, events![^1].Type);
        Assert.Single(events, e => e.Type == ChatEventView.Message);
        Assert.DoesNotContain(events, e => e.Type == ChatEventView.Reaction);
        await ownerHub.DisposeAsync();
    }

    [Fact]
    public async Task AFloodingMember_IsRefusedPastTheirBudget_ByHubAndApi_WhileOthersGoOn()
    {
        var flooder = await app.CreateUserAsync(_workspace);
        await JoinAsync(app, _workspace, _general, flooder);
        var (hub, _) = await ConnectAsync(app, _workspace, flooder);
        for (var i = 0; i < 60; i++) await SendAsync(hub, _general, $"spam {i}");
        var refused = await Assert.ThrowsAsync<HubException>(() => SendAsync(hub, _general, "one more"));
        Assert.Contains("Slow down", refused.Message);
        using var api = await app.ApiClientAsync(_workspace, flooder);
        var answer = await api.Http.PostAsJsonAsync($"/api/v1/chat/conversations/{_general}/messages", new { text = "and by the API", clientMessageId = "flood-api" });
        Assert.Equal(HttpStatusCode.TooManyRequests, answer.StatusCode);
        Assert.Equal("application/problem+json", answer.Content.Headers.ContentType?.MediaType);

        // Asking for the bell over and over is cut off the same way (it counts against the budget of reads).
        var reads = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<ChatOptions>>().Value.ReadsPerMinute;
        var bell = HttpStatusCode.OK;
        for (var i = 0; i <= 2 * reads && bell == HttpStatusCode.OK; i++) bell = (await api.Http.GetAsync("/api/v1/chat/bell", TestContext.Current.CancellationToken)).StatusCode;
        Assert.Equal(HttpStatusCode.TooManyRequests, bell);

        // Someone else in the same channel is not slowed down by it.
        var (owner, _) = await ConnectAsync(app, _workspace, _owner);
        Assert.Equal("still here", (await SendAsync(owner, _general, "still here")).Text);
        await hub.DisposeAsync();
        await owner.DisposeAsync();
    }

    [Fact]
    public async Task TheApi_SendsOnceperClientId_CatchesUp_MarksRead_AndAnswersBadInputWith422()
    {
        var member = await app.CreateUserAsync(_workspace);
        using var api = await app.ApiClientAsync(_workspace, member);
        Assert.Equal(HttpStatusCode.NoContent, (await api.Http.PostAsync($"/api/v1/chat/conversations/{_general}/join", null)).StatusCode);
        var sent = await api.Http.PostAsJsonAsync($"/api/v1/chat/conversations/{_general}/messages", new { text = "Hello **all**", clientMessageId = "api-1" });
        Assert.Equal(HttpStatusCode.Created, sent.StatusCode);
        var message = await sent.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("<p>Hello <strong>all</strong></p>", message.GetProperty("html").GetString()!.Trim());
        var again = await api.Http.PostAsJsonAsync($"/api/v1/chat/conversations/{_general}/messages", new { text = "Hello **all**", clientMessageId = "api-1" });
        Assert.Equal(message.GetProperty("seq").GetInt64(), (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("seq").GetInt64());

        var seq = message.GetProperty("seq").GetInt64();
        var events = await api.Http.GetFromJsonAsync<JsonElement>($"/api/v1/chat/conversations/{_general}/events?after={seq - 1}");
        Assert.Equal(seq, events[0].GetProperty("seq").GetInt64());
        Assert.Equal("message", events[0].GetProperty("type").GetString());
        Assert.Equal("api-1", events[0].GetProperty("clientMessageId").GetString());

        var read = await api.Http.PutAsJsonAsync($"/api/v1/chat/conversations/{_general}/read", new { seq = 1_000_000 });
        Assert.Equal(seq, (await read.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("lastReadSeq").GetInt64()); // never past the last event

        foreach (var bad in new object[] { new { text = "", clientMessageId = "x" }, new { text = new string('a', 4_001), clientMessageId = "y" }, new { text = "no id", clientMessageId = "" } })
        {
            var answer = await api.Http.PostAsJsonAsync($"/api/v1/chat/conversations/{_general}/messages", bad);
            Assert.Equal(HttpStatusCode.UnprocessableEntity, answer.StatusCode);
            Assert.Equal("application/problem+json", answer.Content.Headers.ContentType?.MediaType);
        }

        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await api.Http.GetAsync($"/api/v1/chat/conversations/{_general}/events?limit=100000")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.Http.GetAsync("/api/v1/chat/conversations/999999/events")).StatusCode);
        var named = await api.Http.PostAsJsonAsync("/api/v1/chat/conversations", new { kind = "public", name = "Bad Name!" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, named.StatusCode);
        var direct = await api.Http.PostAsJsonAsync("/api/v1/chat/conversations", new { kind = "direct", members = new[] { _owner.UserName } });
        Assert.Equal(HttpStatusCode.Created, direct.StatusCode);
        var directAgain = await api.Http.PostAsJsonAsync("/api/v1/chat/conversations", new { kind = "direct", members = new[] { _owner.UserName } });
        Assert.Equal((await direct.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64(), (await directAgain.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64());
    }
}

/// <summary>Issue 15: two instances behind one real Redis deliver each other's events live (the SignalR backplane).</summary>
public sealed class ChatScaleOutTests
{
    [Fact]
    public async Task TwoInstancesOnOneRedis_DeliverEachOthersEventsLive()
    {
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Redis"] = TestRedis.Address(),
            ["Cairn:RateLimits:KeyPrefix"] = $"test-{Guid.NewGuid():N}",
        };
        await using var first = new CairnApp(settings);
        await first.InitializeAsync();
        await using var second = new CairnApp(settings, first.DataDirectory, first.Database);
        await second.InitializeAsync();
        var owner = await first.CreateUserAsync(workspace: null);
        var ws = await first.CreateWorkspaceAsync(owner.Id, prefix: "chat-scale");
        var member = await first.CreateUserAsync(ws);
        var channel = await ChatHubTests.ChannelAsync(first, ws, owner, "everyone");
        await ChatHubTests.JoinAsync(first, ws, channel, member);

        var (onFirst, received) = await ChatHubTests.ConnectAsync(first, ws, member);
        await onFirst.InvokeAsync<IReadOnlyList<ChatEventView>>("Subscribe", channel, 0L, TestContext.Current.CancellationToken);
        var (onSecond, receivedOnSecond) = await ChatHubTests.ConnectAsync(second, ws, owner);
        await onSecond.InvokeAsync<IReadOnlyList<ChatEventView>>("Subscribe", channel, 0L, TestContext.Current.CancellationToken);

        var sent = await onSecond.InvokeAsync<ChatEventView>("Send", channel, "across instances", "x-1", TestContext.Current.CancellationToken);
        await Eventually.Until(() => received.Any(e => e.Seq == sent.Seq && e.Text == "across instances"), "the event sent on the second instance, on the first");
        var back = await onFirst.InvokeAsync<ChatEventView>("Send", channel, "and back", "x-2", TestContext.Current.CancellationToken);
        await Eventually.Until(() => receivedOnSecond.Any(e => e.Seq == back.Seq), "the event sent on the first instance, on the second");
        Assert.Equal(sent.Seq + 1, back.Seq);
        await onFirst.DisposeAsync();
        await onSecond.DisposeAsync();
    }

    [Fact]
    public async Task RedisGoingAway_LosesNoStoredMessage_ClientsCatchUpWhenItReturns_AndTheLogSaysSoOnce()
    {
        await using var redis = await RedisServer.StartAsync();
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Redis"] = redis.Address + ",connectTimeout=500,syncTimeout=500,asyncTimeout=500",
            ["Cairn:RateLimits:KeyPrefix"] = $"test-{Guid.NewGuid():N}",
        };
        await using var first = new LoggedApp(settings);
        await first.InitializeAsync();
        await using var second = new CairnApp(settings, first.DataDirectory, first.Database);
        await second.InitializeAsync();
        var owner = await first.CreateUserAsync(workspace: null);
        var ws = await first.CreateWorkspaceAsync(owner.Id, prefix: "chat-outage");
        var member = await first.CreateUserAsync(ws);
        var channel = await ChatHubTests.ChannelAsync(first, ws, owner, "everyone");
        await ChatHubTests.JoinAsync(first, ws, channel, member);
        var (onFirst, received) = await ChatHubTests.ConnectAsync(first, ws, member);
        var seen = (await onFirst.InvokeAsync<IReadOnlyList<ChatEventView>>("Subscribe", channel, 0L, TestContext.Current.CancellationToken))[^1].Seq;
        var (onSecond, _) = await ChatHubTests.ConnectAsync(second, ws, owner);

        // Redis stops: sends still store and answer, by hub and by API (no 500), with gap-free numbers.
        await redis.StopAsync();
        var during = new List<long>();
        for (var i = 0; i < 4; i++)
            during.Add((await onSecond.InvokeAsync<ChatEventView>("Send", channel, $"during the outage {i}", $"out-{i}", TestContext.Current.CancellationToken)).Seq);
        // (A sign-in while Redis is away too: its rate limit steps aside instead of failing.)
        using (var api = await first.ApiClientAsync(ws, member))
        {
            var answer = await api.Http.PostAsJsonAsync($"/api/v1/chat/conversations/{channel}/messages", new { text = "from the API meanwhile", clientMessageId = "out-api" }, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.Created, answer.StatusCode);
            during.Add((await answer.Content.ReadFromJsonAsync<ChatEventView>(TestContext.Current.CancellationToken))!.Seq);
        }

        Assert.Equal(Enumerable.Range((int)seen + 1, 5).Select(n => (long)n), during);

        // Redis is back: live delivery resumes, and the client catches up exactly what it missed.
        await redis.StartAgainAsync();
        var probes = new List<long>();
        await Eventually.Until(async () =>
        {
            if (received.Any(e => probes.Contains(e.Seq))) return true;
            probes.Add((await onSecond.InvokeAsync<ChatEventView>("Send", channel, "are you there?", Guid.NewGuid().ToString("N"), TestContext.Current.CancellationToken)).Seq);
            return false;
        }, "live delivery across instances again");
        var missed = await onFirst.InvokeAsync<IReadOnlyList<ChatEventView>>("Subscribe", channel, seen, TestContext.Current.CancellationToken);
        Assert.Equal(during, missed.Take(5).Select(e => e.Seq));
        Assert.Equal("during the outage 0", missed[0].Text);
        var outageLines = first.Logs.Lines.Where(l => l.Category.EndsWith(nameof(ChatBroadcaster), StringComparison.Ordinal)).Select(l => l.Message).ToList();
        Assert.Single(outageLines, l => l.Contains("unreachable", StringComparison.Ordinal));
        await onFirst.DisposeAsync();
        await onSecond.DisposeAsync();
    }
}
