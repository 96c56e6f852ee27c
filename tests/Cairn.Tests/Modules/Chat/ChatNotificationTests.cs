using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cairn.Tests.Infrastructure;
using Cairn.Tests.Platform;
using Cairn.Web.Modules.Chat;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Cairn.Tests.Modules.Chat.ChatHubTests;

namespace Cairn.Tests.Modules.Chat;

/// <summary>
/// Issue 15, weeks 14 and 15: presence across tabs, the bell and its notifications, "seen by" and its opt-out, the
/// missed-messages email (through a real SMTP server), history paging, jumping to a message, search and archiving;
/// none of it crossing into another workspace or a conversation the reader may not see.
/// </summary>
public sealed class ChatNotificationTests : IAsyncLifetime
{
    private SmtpServer _smtp = null!;
    private CairnApp _app = null!;
    private string _workspace = "";
    private TestUser _owner = null!;
    private long _general;

    public async ValueTask InitializeAsync()
    {
        _smtp = await SmtpServer.StartAsync();
        var settings = JobsAndEmailTests.Settings(_smtp);
        settings["Cairn:Chat:MissedEmailAfterMinutes"] = "0";
        settings["Cairn:Chat:MessagesPerMinute"] = "10000";
        settings["Cairn:Chat:MaxAttachmentBytes"] = "200000";
        settings["Cairn:Chat:MaxUnsentAttachments"] = "3";
        _app = new CairnApp(settings);
        await _app.InitializeAsync();
        _owner = await _app.CreateUserAsync(workspace: null);
        _workspace = await _app.CreateWorkspaceAsync(_owner.Id, prefix: "chatn");
        _general = await ChannelAsync(_app, _workspace, _owner, "general");
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        await _smtp.DisposeAsync();
    }

    private async Task<TestUser> MemberAsync(long? channel = null)
    {
        var user = await _app.CreateUserAsync(_workspace);
        await JoinAsync(_app, _workspace, channel ?? _general, user);
        return user;
    }

    private async Task<long> DirectAsync(TestUser starter, params TestUser[] others)
    {
        var (scope, _) = await _app.DbForAsync(_workspace);
        await using (scope)
        {
            var conversations = scope.ServiceProvider.GetRequiredService<ChatConversations>();
            var (direct, problem) = await conversations.DirectAsync((await conversations.PersonAsync(starter.Id, CancellationToken.None))!, [.. others.Select(o => o.UserName)], CancellationToken.None);
            Assert.True(direct is not null, problem);
            return direct.Id;
        }
    }

    private static Task<ChatEventView> SendAsync(HubConnection hub, long conversation, string text) =>
        hub.InvokeAsync<ChatEventView>("Send", conversation, text, Guid.NewGuid().ToString("N"), TestContext.Current.CancellationToken);

    private async Task<int> ConnectionsOfAsync(TestUser user)
    {
        var (scope, db) = await _app.DbForAsync(_workspace);
        await using (scope) return await db.Set<ChatConnection>().CountAsync(c => c.UserId == user.Id);
    }

    private async Task RunMissedEmailsAsync()
    {
        await using var scope = _app.Scope();
        await scope.ServiceProvider.GetRequiredService<ChatMissedEmails>().RunAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Presence_FollowsEveryTabOfAPerson_IsPushedOnlyOnChange_AndStaysInItsWorkspace()
    {
        var watcher = await MemberAsync();
        var alice = await MemberAsync();
        var (watching, _) = await ConnectAsync(_app, _workspace, watcher);
        var changes = new ConcurrentQueue<(Guid User, string State)>();
        watching.On<ChatPerson, string>("Presence", (person, state) => changes.Enqueue((person.Id, state)));
        // Someone of another workspace hears nothing of this one.
        var stranger = await _app.CreateUserAsync(workspace: null);
        var elsewhere = await _app.CreateWorkspaceAsync(stranger.Id, prefix: "chatn-other");
        var (strangerHub, _) = await ConnectAsync(_app, elsewhere, stranger);
        var strangerHeard = new ConcurrentQueue<Guid>();
        strangerHub.On<ChatPerson, string>("Presence", (person, _) => strangerHeard.Enqueue(person.Id));

        List<string> Alice() => [.. changes.Where(c => c.User == alice.Id).Select(c => c.State)];
        var (tab1, _) = await ConnectAsync(_app, _workspace, alice);
        await Eventually.Until(() => Alice().Count == 1, "alice online");
        var here = await watching.InvokeAsync<IReadOnlyList<PresenceView>>("Presence", TestContext.Current.CancellationToken);
        Assert.Equal(Presence.Online, Assert.Single(here, p => p.User.Id == alice.Id).State);
        Assert.Contains(here, p => p.User.Id == watcher.Id);
        Assert.DoesNotContain(here, p => p.User.Id == stranger.Id);

        // A second tab changes nothing; one idle tab of two changes nothing; both idle is away; one back is online.
        var (tab2, _) = await ConnectAsync(_app, _workspace, alice);
        // The server records a connection a moment after its handshake.
        await Eventually.Until(async () => await ConnectionsOfAsync(alice) == 2, "the second tab's connection recorded");
        await tab1.InvokeAsync("SetAway", true, TestContext.Current.CancellationToken);
        Assert.Equal(Presence.Online, (await watching.InvokeAsync<IReadOnlyList<PresenceView>>("Presence", TestContext.Current.CancellationToken)).Single(p => p.User.Id == alice.Id).State);
        await tab2.InvokeAsync("SetAway", true, TestContext.Current.CancellationToken);
        await Eventually.Until(() => Alice().Count == 2, "alice away");
        await tab2.InvokeAsync("SetAway", false, TestContext.Current.CancellationToken);
        await Eventually.Until(() => Alice().Count == 3, "alice back");
        // Closing one tab changes nothing; closing the last is offline. (One after the other: two closing at the very
        // same moment may both announce the same state.)
        await tab1.DisposeAsync();
        await Eventually.Until(async () => await ConnectionsOfAsync(alice) == 1, "the first tab's connection gone");
        await tab2.DisposeAsync();
        await Eventually.Until(() => Alice().Count == 4, "alice offline");
        Assert.Equal([Presence.Online, Presence.Away, Presence.Online, Presence.Offline], Alice());
        Assert.DoesNotContain(await watching.InvokeAsync<IReadOnlyList<PresenceView>>("Presence", TestContext.Current.CancellationToken), p => p.User.Id == alice.Id);
        Assert.DoesNotContain(alice.Id, strangerHeard);
        Assert.DoesNotContain(watcher.Id, strangerHeard);

        // A connection whose instance stopped renewing it (a crash) does not count, and the sweep deletes it.
        var crashed = await MemberAsync();
        var (scope, db) = await _app.DbForAsync(_workspace);
        await using (scope)
        {
            db.Add(new ChatConnection { ConnectionId = "crashed-" + Guid.NewGuid().ToString("N"), UserId = crashed.Id, SeenAt = DateTime.UtcNow.AddHours(-1) });
            await db.SaveChangesAsync();
            Assert.DoesNotContain(await watching.InvokeAsync<IReadOnlyList<PresenceView>>("Presence", TestContext.Current.CancellationToken), p => p.User.Id == crashed.Id);
            await RunMissedEmailsAsync();
            Assert.False(await db.Set<ChatConnection>().AnyAsync(c => c.UserId == crashed.Id));
        }

        await watching.DisposeAsync();
        await strangerHub.DisposeAsync();
    }

    [Fact]
    public async Task PresenceChanges_HaveABudget_SoTogglingAwayCannotFloodTheWorkspace()
    {
        var watcher = await MemberAsync();
        var toggler = await MemberAsync();
        var (watching, _) = await ConnectAsync(_app, _workspace, watcher);
        var changes = new ConcurrentQueue<Guid>();
        watching.On<ChatPerson, string>("Presence", (person, _) => changes.Enqueue(person.Id));
        var (toggling, _) = await ConnectAsync(_app, _workspace, toggler);
        await Eventually.Until(() => changes.Contains(toggler.Id), "the toggler online");
        var before = changes.Count(c => c == toggler.Id);
        for (var i = 0; i < ChatLimits.PresenceChangesPerMinute + 20; i++)
            await toggling.InvokeAsync("SetAway", i % 2 == 0, TestContext.Current.CancellationToken);
        // A marker after the last toggle: someone else comes online.
        var marker = await MemberAsync();
        var (markerHub, _) = await ConnectAsync(_app, _workspace, marker);
        await Eventually.Until(() => changes.Contains(marker.Id), "the marker online");
        var toggles = changes.Count(c => c == toggler.Id) - before;
        Assert.InRange(toggles, ChatLimits.PresenceChangesPerMinute - 2, ChatLimits.PresenceChangesPerMinute);
        foreach (var hub in new[] { watching, toggling, markerHub }) await hub.DisposeAsync();
    }

    [Fact]
    public async Task AtChannel_InALargeChannel_ReachesEveryoneOnlyFromItsCreatorOrAnAdmin()
    {
        var creator = await MemberAsync();
        var member = await MemberAsync();
        var big = await ChannelAsync(_app, _workspace, creator, "big-room");
        foreach (var person in new[] { member, _owner }) await JoinAsync(_app, _workspace, big, person);
        var (scope, db) = await _app.DbForAsync(_workspace);
        await using (scope)
        {
            // More members than may be called all at once by anyone (accounts without a password will do).
            for (var i = 0; i < ChatLog.EveryoneFreely; i++)
            {
                var filler = new Cairn.Web.Platform.Accounts.CairnUser { UserName = $"filler{i}-{Guid.NewGuid():N}"[..24], DisplayName = $"Filler {i}" };
                filler.NormalizedUserName = filler.UserName!.ToUpperInvariant();
                db.Users.Add(filler);
                db.Add(new ConversationMember { ConversationId = big, UserId = filler.Id });
            }

            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        var (memberHub, _) = await ConnectAsync(_app, _workspace, member);
        var (creatorHub, _) = await ConnectAsync(_app, _workspace, creator);
        var (ownerHub, _) = await ConnectAsync(_app, _workspace, _owner);
        // Anyone else's @channel there is just text: nobody is mentioned.
        var plain = await SendAsync(memberHub, big, "@channel look at this");
        Assert.False(plain.MentionsEveryone);
        // Its creator's and a workspace Admin's (the owner) reach everyone.
        var byCreator = await SendAsync(creatorHub, big, "@channel meeting now");
        var byAdmin = await SendAsync(ownerHub, big, "@channel the building closes early");
        Assert.True(byCreator.MentionsEveryone);
        Assert.True(byAdmin.MentionsEveryone);
        (scope, db) = await _app.DbForAsync(_workspace);
        await using (scope)
        {
            int Mentions(long message) => db.Set<ChatMention>().Count(m => m.MessageId == message);
            Assert.Equal(0, Mentions(plain.Id!.Value));
            // Everyone in the channel but its author: the 50 others, and two of the three people.
            Assert.Equal(ChatLog.EveryoneFreely + 2, Mentions(byCreator.Id!.Value));
            Assert.Equal(ChatLog.EveryoneFreely + 2, Mentions(byAdmin.Id!.Value));
        }

        foreach (var hub in new[] { memberHub, creatorHub, ownerHub }) await hub.DisposeAsync();
    }

    [Fact]
    public async Task SomeoneRemovedFromTheWorkspace_StopsReceivingItsChatAtOnce_AndCannotConnectAgain()
    {
        var leaver = await MemberAsync();
        var token = await TokenAsync(_app, _workspace, leaver);
        var (leaving, received) = await ConnectAsync(_app, _workspace, leaver);
        var heard = new ConcurrentQueue<string>();
        leaving.On<ChatPerson, string>("Presence", (person, state) => heard.Enqueue(person.UserName));
        leaving.On<ChatNotification>("Notification", n => heard.Enqueue("notification"));
        await leaving.InvokeAsync<IReadOnlyList<ChatEventView>>("Subscribe", _general, 0L, TestContext.Current.CancellationToken);
        var (owner, ownerReceived) = await ConnectAsync(_app, _workspace, _owner);
        var presence = new ConcurrentQueue<(Guid, string)>();
        owner.On<ChatPerson, string>("Presence", (person, state) => presence.Enqueue((person.Id, state)));
        await owner.InvokeAsync<IReadOnlyList<ChatEventView>>("Subscribe", _general, long.MaxValue / 2, TestContext.Current.CancellationToken);
        var before = await SendAsync(owner, _general, "before the removal");
        await Eventually.Until(() => received.Any(e => e.Seq == before.Seq), "the event before");

        var leavingClosed = new TaskCompletionSource();
        leaving.Closed += _ => { leavingClosed.TrySetResult(); return Task.CompletedTask; };
        var (scope, _) = await _app.DbForAsync(_workspace);
        await using (scope)
            Assert.Null(await scope.ServiceProvider.GetRequiredService<Cairn.Web.Platform.Tenancy.WorkspaceMembers>().RemoveAsync(_owner.Id, leaver.UserName, CancellationToken.None));
        await Eventually.Until(() => presence.Contains((leaver.Id, Presence.Offline)), "the workspace told they are gone");
        // Their open connection is closed by the server.
        await leavingClosed.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        // Their open connection hears nothing more: no event of the public channel, no presence, no bell.
        var heardBefore = heard.Count;
        var after = await SendAsync(owner, _general, $"@{leaver.UserName} after the removal");
        var newcomer = await MemberAsync();
        var (newcomerHub, _) = await ConnectAsync(_app, _workspace, newcomer);
        await Eventually.Until(() => ownerReceived.Any(e => e.Seq == after.Seq) && presence.Contains((newcomer.Id, Presence.Online)), "the owner's own copy and the newcomer online");
        Assert.DoesNotContain(received, e => e.Seq >= after.Seq);
        Assert.Equal(heardBefore, heard.Count);
        // Their access token has minutes left, but the hub takes no new connection of theirs.
        var again = new HubConnectionBuilder()
            .WithUrl($"http://{_workspace}.localhost/hubs/chat", options =>
            {
                options.HttpMessageHandlerFactory = _ => _app.Server.CreateHandler();
                options.Transports = Microsoft.AspNetCore.Http.Connections.HttpTransportType.LongPolling;
                options.AccessTokenProvider = () => Task.FromResult<string?>(token);
            })
            .Build();
        // Refused once the handshake is done: the server closes the connection, saying why.
        var closed = new TaskCompletionSource<Exception?>();
        again.Closed += error => { closed.TrySetResult(error); return Task.CompletedTask; };
        try
        {
            await again.StartAsync(TestContext.Current.CancellationToken);
        }
        catch (Exception error)
        {
            closed.TrySetResult(error);
        }

        var refused = await closed.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        Assert.Contains("not a member", refused?.Message ?? "", StringComparison.OrdinalIgnoreCase);
        await again.DisposeAsync();
        foreach (var hub in new[] { leaving, owner, newcomerHub }) await hub.DisposeAsync();
    }

    [Fact]
    public async Task TheBell_RingsForMentionsAndDirectMessages_OnEveryTabOfItsMember_AndCountsTheirUnread()
    {
        var alice = await MemberAsync();
        var bob = await MemberAsync();
        var carol = await MemberAsync();
        var (aliceHub, _) = await ConnectAsync(_app, _workspace, alice);
        var bobTabs = new List<(HubConnection Hub, ConcurrentQueue<ChatNotification> Rung, ConcurrentQueue<int> Changed)>();
        for (var i = 0; i < 2; i++)
        {
            var (hub, _) = await ConnectAsync(_app, _workspace, bob);
            var rung = new ConcurrentQueue<ChatNotification>();
            var changed = new ConcurrentQueue<int>();
            hub.On<ChatNotification>("Notification", rung.Enqueue);
            hub.On("BellChanged", () => changed.Enqueue(1));
            bobTabs.Add((hub, rung, changed));
        }

        var (carolHub, _) = await ConnectAsync(_app, _workspace, carol);
        var carolRung = new ConcurrentQueue<ChatNotification>();
        carolHub.On<ChatNotification>("Notification", carolRung.Enqueue);

        var mention = await SendAsync(aliceHub, _general, $"@{bob.UserName} can you look at this?");
        await SendAsync(aliceHub, _general, "a note for nobody in particular");
        foreach (var (_, rung, _) in bobTabs) await Eventually.Until(() => rung.Count == 1, "the mention on each of bob's tabs");
        var rang = bobTabs[0].Rung.Single();
        Assert.Equal(("mention", _general, "#general", mention.Id!.Value), (rang.Kind, rang.ConversationId, rang.Conversation, rang.MessageId));
        Assert.Equal(alice.Id, rang.From.Id);
        Assert.Equal($"/chat/{_general}?message={mention.Id}", rang.Link);
        Assert.Contains("can you look at this?", rang.Excerpt);

        var direct = await DirectAsync(alice, bob);
        await SendAsync(aliceHub, direct, "lunch?");
        await SendAsync(aliceHub, direct, "or later?");
        foreach (var (_, rung, _) in bobTabs) await Eventually.Until(() => rung.Count == 3, "the direct messages");
        Assert.Equal("direct", bobTabs[0].Rung.Last().Kind);
        // Carol was neither named nor written to: a direct message of her own is the first thing she hears.
        var toCarol = await DirectAsync(alice, carol);
        await SendAsync(aliceHub, toCarol, "hi carol");
        await Eventually.Until(() => carolRung.Count == 1, "carol's own direct message");
        Assert.Equal(toCarol, Assert.Single(carolRung).ConversationId);

        var bell = await bobTabs[0].Hub.InvokeAsync<BellView>("Bell", TestContext.Current.CancellationToken);
        Assert.Equal(3, bell.Count);
        Assert.Equal([(_general, 1, 0), (direct, 0, 2)], bell.Items.Select(i => (i.ConversationId, i.Mentions, i.Unread)).OrderBy(i => i.Item1));
        // Reading on one tab rings the other's bell again (BellChanged), with one count fewer each time.
        await bobTabs[0].Hub.InvokeAsync<long>("MarkRead", _general, mention.Seq, TestContext.Current.CancellationToken);
        await Eventually.Until(() => !bobTabs[1].Changed.IsEmpty, "the other tab told");
        Assert.Equal(2, (await bobTabs[1].Hub.InvokeAsync<BellView>("Bell", TestContext.Current.CancellationToken)).Count);
        using var bobApi = await _app.ApiClientAsync(_workspace, bob);
        var viaApi = await bobApi.Http.GetFromJsonAsync<BellView>("/api/v1/chat/bell", TestContext.Current.CancellationToken);
        Assert.Equal((direct, 2), (viaApi!.Items.Single().ConversationId, viaApi.Count));
        // Every page of a member carries the bell (its script fills it in), and nobody else's does.
        using var bobPage = _app.Browser(_workspace);
        await bobPage.LogInAsync(bob);
        var (_, page) = await bobPage.GetAsync("/tasks");
        Assert.NotNull(page.QuerySelector("[data-chat-bell] [data-testid=bell-count]"));
        Assert.NotNull(page.QuerySelector("script[src*='chat-live.js']"));
        using var visitor = _app.Browser(_workspace);
        (_, page) = await visitor.GetAsync("/account/login");
        Assert.Null(page.QuerySelector("[data-chat-bell]"));

        foreach (var hub in bobTabs.Select(t => t.Hub).Append(aliceHub).Append(carolHub)) await hub.DisposeAsync();
    }

    [Fact]
    public async Task SeenBy_TellsTheOthersInADirectConversation_UnlessTheReaderTurnedItOff()
    {
        var alice = await MemberAsync();
        var bob = await MemberAsync();
        var direct = await DirectAsync(alice, bob);
        var (aliceHub, aliceReceived) = await ConnectAsync(_app, _workspace, alice);
        var seen = new ConcurrentQueue<(long Conversation, Guid User, long Seq)>();
        aliceHub.On<long, ChatPerson, long>("Seen", (conversation, user, seq) => seen.Enqueue((conversation, user.Id, seq)));
        await aliceHub.InvokeAsync<IReadOnlyList<ChatEventView>>("Subscribe", direct, 0L, TestContext.Current.CancellationToken);
        var (bobHub, _) = await ConnectAsync(_app, _workspace, bob);

        var hello = await SendAsync(aliceHub, direct, "hello bob");
        await bobHub.InvokeAsync<long>("MarkRead", direct, hello.Seq, TestContext.Current.CancellationToken);
        await Eventually.Until(() => seen.Any(s => s.User == bob.Id), "seen by bob");
        Assert.Equal((direct, bob.Id, hello.Seq), Assert.Single(seen, s => s.User == bob.Id));
        using var alicePage = _app.Browser(_workspace);
        await alicePage.LogInAsync(alice);
        var (_, page) = await alicePage.GetAsync($"/chat/{direct}");
        Assert.Equal($"Seen by {bob.DisplayName}", page.QuerySelector("[data-testid=seen-by]")!.TextContent.Trim());

        // Bob turns it off: his reading is no longer told, nor shown on the page.
        using var bobApi = await _app.ApiClientAsync(_workspace, bob);
        (await bobApi.Http.PutAsJsonAsync("/api/v1/chat/settings", new { shareReadReceipts = false, emailMissed = true }, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        Assert.False((await bobApi.Http.GetFromJsonAsync<JsonElement>("/api/v1/chat/settings", TestContext.Current.CancellationToken)).GetProperty("shareReadReceipts").GetBoolean());
        var again = await SendAsync(aliceHub, direct, "still there?");
        await bobHub.InvokeAsync<long>("MarkRead", direct, again.Seq, TestContext.Current.CancellationToken);
        var answer = await SendAsync(bobHub, direct, "yes");
        await Eventually.Until(() => aliceReceived.Any(e => e.Seq == answer.Seq), "bob's answer, sent after his reading");
        Assert.Single(seen, s => s.User == bob.Id);
        (_, page) = await alicePage.GetAsync($"/chat/{direct}");
        Assert.DoesNotContain(bob.Id.ToString(), page.QuerySelector("[data-testid=seen-by]")!.GetAttribute("data-seen"));
        Assert.Equal("", page.QuerySelector("[data-testid=seen-by]")!.TextContent.Trim());

        // Channels tell nobody what anyone read.
        var (generalHub, ownerReceived) = await ConnectAsync(_app, _workspace, _owner);
        await generalHub.InvokeAsync<IReadOnlyList<ChatEventView>>("Subscribe", _general, 0L, TestContext.Current.CancellationToken);
        var generalSeen = new ConcurrentQueue<long>();
        generalHub.On<long, ChatPerson, long>("Seen", (conversation, _, _) => generalSeen.Enqueue(conversation));
        var note = await SendAsync(aliceHub, _general, "channel note");
        await aliceHub.InvokeAsync<long>("MarkRead", _general, note.Seq, TestContext.Current.CancellationToken);
        var after = await SendAsync(aliceHub, _general, "after reading");
        await Eventually.Until(() => ownerReceived.Any(e => e.Seq == after.Seq), "the message sent after reading");
        Assert.Empty(generalSeen);
        foreach (var hub in new[] { aliceHub, bobHub, generalHub }) await hub.DisposeAsync();
    }

    [Fact]
    public async Task MissedMentionsAndDirectMessages_AreEmailedOncePerPeriod_ToThoseWhoWantIt_EvenWhenTwoRunsMeet()
    {
        var alice = await MemberAsync();
        var bob = await MemberAsync();
        var carol = await MemberAsync();
        var dave = await MemberAsync();
        var erin = await MemberAsync();
        using (var daveApi = await _app.ApiClientAsync(_workspace, dave))
            (await daveApi.Http.PutAsJsonAsync("/api/v1/chat/settings", new { shareReadReceipts = true, emailMissed = false }, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        var (aliceHub, _) = await ConnectAsync(_app, _workspace, alice);
        var mention = await SendAsync(aliceHub, _general, $"@{bob.UserName} @{dave.UserName} @{erin.UserName} the report is due");
        var toCarol = await DirectAsync(alice, carol);
        await SendAsync(aliceHub, toCarol, "are you coming on Friday?");
        var (erinHub, _) = await ConnectAsync(_app, _workspace, erin);
        await erinHub.InvokeAsync<long>("MarkRead", _general, mention.Seq, TestContext.Current.CancellationToken);

        await Task.WhenAll(RunMissedEmailsAsync(), RunMissedEmailsAsync());
        var toBob = await _smtp.WaitForAsync(bob.Email, "1 unread message for you in");
        Assert.Contains("the report is due", toBob.TextBody);
        Assert.Contains($"/chat/{_general}?message={mention.Id}", toBob.TextBody);
        Assert.Contains("/chat/settings", toBob.TextBody);
        var toCarolEmail = await _smtp.WaitForAsync(carol.Email, "1 unread message for you in");
        Assert.Contains("are you coming on Friday?", toCarolEmail.TextBody);
        Assert.DoesNotContain("the report is due", toCarolEmail.TextBody);
        // Dave turned it off; Erin read it; Alice wrote it.
        Assert.Equal(2, _smtp.Messages().Count);

        // Within the period, nothing more, even for a new mention.
        await SendAsync(aliceHub, _general, $"@{bob.UserName} and another thing");
        await RunMissedEmailsAsync();
        Assert.Equal(2, _smtp.Messages().Count);
        await aliceHub.DisposeAsync();
        await erinHub.DisposeAsync();
    }

    [Fact]
    public async Task History_PagesBackExactly_AsMessagesStandNow_AndJumpsToAMessageWithItsSurroundings()
    {
        var channel = await ChannelAsync(_app, _workspace, _owner, "history");
        var reader = await MemberAsync(channel);
        var sent = new List<ChatEventView>();
        var (scope, db) = await _app.DbForAsync(_workspace);
        await using (scope)
        {
            var log = scope.ServiceProvider.GetRequiredService<ChatLog>();
            var conversation = await db.Set<Conversation>().AsNoTracking().FirstAsync(c => c.Id == channel);
            var person = (await scope.ServiceProvider.GetRequiredService<ChatConversations>().PersonAsync(_owner.Id, CancellationToken.None))!;
            for (var i = 1; i <= 120; i++) sent.Add((await log.SendAsync(conversation, person, $"message {i}", $"h-{i}", CancellationToken.None)).Sent!);
            await log.SendAsync(conversation, person, "a reply", "h-reply", CancellationToken.None, sent[0].Id);
            var edited = await db.Set<ChatMessage>().AsNoTracking().FirstAsync(m => m.Id == sent[9].Id);
            await log.ChangeAsync(edited, "message 10, corrected", CancellationToken.None);
            await log.ChangeAsync(await db.Set<ChatMessage>().AsNoTracking().FirstAsync(m => m.Id == sent[10].Id), null, CancellationToken.None);
            await log.ReactAsync(edited, person, "🎉", true, CancellationToken.None);
        }

        using var api = await _app.ApiClientAsync(_workspace, reader);
        var pages = new List<IReadOnlyList<ChatMessageView>>();
        string next = $"/api/v1/chat/conversations/{channel}/messages?limit=50";
        while (true)
        {
            var page = (await api.Http.GetFromJsonAsync<IReadOnlyList<ChatMessageView>>(next, TestContext.Current.CancellationToken))!;
            if (page.Count == 0) break;
            pages.Add(page);
            next = $"/api/v1/chat/conversations/{channel}/messages?limit=50&before={page[0].Message.Seq}";
        }

        // Newest page first; together, every message once, in order; the reply is in its thread, not here.
        Assert.Equal([50, 50, 20], pages.Select(p => p.Count));
        var all = pages.AsEnumerable().Reverse().SelectMany(p => p).ToList();
        Assert.Equal(sent.Select(s => s.Id), all.Select(m => m.Message.Id));
        var tenth = all[9];
        Assert.Equal(("message 10, corrected", true), (tenth.Message.Text, tenth.Message.EditedAt is not null));
        Assert.Equal(("🎉", 1, false), (tenth.Reactions.Single().Emoji, tenth.Reactions.Single().Count, tenth.Reactions.Single().Mine));
        Assert.True(all[10].Message.Deleted);
        Assert.Null(all[10].Message.Text);
        Assert.Equal(1, all[0].ReplyCount);

        // Around message 60: up to ten before it, it, and the rest after.
        var around = (await api.Http.GetFromJsonAsync<IReadOnlyList<ChatMessageView>>($"/api/v1/chat/conversations/{channel}/messages?around={sent[59].Seq}&limit=20", TestContext.Current.CancellationToken))!;
        Assert.Equal(sent.Skip(49).Take(20).Select(s => s.Id), around.Select(m => m.Message.Id));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await api.Http.GetAsync($"/api/v1/chat/conversations/{channel}/messages?limit=1000", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await api.Http.GetAsync($"/api/v1/chat/conversations/{channel}/messages?before=5&around=9", TestContext.Current.CancellationToken)).StatusCode);

        // The page jumps to a message: it is marked, with the messages around it and a way back to the latest.
        using var browser = _app.Browser(_workspace);
        await browser.LogInAsync(reader);
        var (_, jumped) = await browser.GetAsync($"/chat/{channel}?message={sent[19].Id}");
        var shown = jumped.QuerySelectorAll("[data-testid=message]").Select(m => m.GetAttribute("data-id")).ToList();
        Assert.Contains(sent[19].Id.ToString(), shown);
        Assert.DoesNotContain(sent[119].Id.ToString(), shown);
        Assert.Contains("bg-warning-subtle", jumped.QuerySelector($"#message-{sent[19].Id}")!.ClassName);
        Assert.NotNull(jumped.QuerySelector("[data-testid=jumped]"));
        Assert.NotNull(jumped.QuerySelector("[data-testid=older]"));
        // A reply's link opens its thread; a message of another conversation is not found here.
        var reply = await browser.Http.GetAsync($"/chat/{channel}?message={sent[0].Id + 120}");
        Assert.True(reply.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.NotFound, (await browser.Http.GetAsync($"/chat/{_general}?message={sent[5].Id}")).StatusCode);
    }

    [Fact]
    public async Task Search_FindsOnlyWhatTheReaderMayRead_NotDeletedMessages_AndLinksToEachMessage()
    {
        var reader = await MemberAsync();
        var other = await MemberAsync();
        var secret = await ChannelAsync(_app, _workspace, other, "secret-pineapple", isPrivate: true);
        var mine = await ChannelAsync(_app, _workspace, reader, "my-pineapple", isPrivate: true);
        var (otherHub, _) = await ConnectAsync(_app, _workspace, other);
        var (readerHub, _) = await ConnectAsync(_app, _workspace, reader);
        var visible = await SendAsync(otherHub, _general, "Pineapple on pizza, yes or no?");
        await SendAsync(otherHub, secret, "the pineapple plan is secret");
        var own = await SendAsync(readerHub, mine, "my own pineapple notes");
        var gone = await SendAsync(otherHub, _general, "deleted pineapple");
        await otherHub.InvokeAsync<ChatEventView>("Delete", gone.Id!.Value, TestContext.Current.CancellationToken);
        var stranger = await _app.CreateUserAsync(workspace: null);
        var elsewhere = await _app.CreateWorkspaceAsync(stranger.Id, prefix: "chatn-search");
        var theirs = await ChannelAsync(_app, elsewhere, stranger, "general");
        var (strangerHub, _) = await ConnectAsync(_app, elsewhere, stranger);
        await SendAsync(strangerHub, theirs, "pineapple from another workspace");

        using var api = await _app.ApiClientAsync(_workspace, reader);
        var hits = (await api.Http.GetFromJsonAsync<IReadOnlyList<ChatSearchHit>>("/api/v1/chat/search?q=pineapple", TestContext.Current.CancellationToken))!;
        Assert.Equal([own.Id!.Value, visible.Id!.Value], hits.Select(h => h.MessageId));
        Assert.Equal(("#general", $"/chat/{_general}?message={visible.Id}"), (hits[1].Conversation, hits[1].Link));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await api.Http.GetAsync("/api/v1/chat/search?q=a", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await api.Http.GetAsync("/api/v1/chat/search?q=" + new string('x', 300), TestContext.Current.CancellationToken)).StatusCode);

        using var browser = _app.Browser(_workspace);
        await browser.LogInAsync(reader);
        var (_, page) = await browser.GetAsync("/chat/search?q=pineapple");
        Assert.Equal([own.Id.ToString(), visible.Id.ToString()], page.QuerySelectorAll("[data-testid=hit]").Select(h => h.GetAttribute("data-id")));
        Assert.DoesNotContain("secret", page.QuerySelector("[data-testid=hits]")!.TextContent);
        foreach (var hub in new[] { otherHub, readerHub, strangerHub }) await hub.DisposeAsync();
    }

    [Fact]
    public async Task Attachments_APictureIsShownReencoded_AnyOtherFileOnlyDownloads_AndOnlyReadersGetThem()
    {
        var member = await MemberAsync();
        var outsider = await MemberAsync();
        var files = await ChannelAsync(_app, _workspace, _owner, "files", isPrivate: true);
        await JoinAsync(_app, _workspace, files, member);
        using var browser = _app.Browser(_workspace);
        await browser.LogInAsync(member);

        // The page sends a message with a picture: it is re-encoded and shown in the message.
        var (_, page) = await browser.GetAsync($"/chat/{files}");
        var form = new MultipartFormDataContent
        {
            { new StringContent(page.QuerySelector("form[data-testid=compose] input[name=__RequestVerificationToken]")!.GetAttribute("value")!), "__RequestVerificationToken" },
            { new StringContent(Guid.NewGuid().ToString("N")), "ClientMessageId" },
            { new StringContent("our new logo"), "Text" },
        };
        var picture = new ByteArrayContent(TestImages.Halves(800, 600, SkiaSharp.SKEncodedImageFormat.Png));
        picture.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("image/png");
        form.Add(picture, "Attachment", "Logo (final).png");
        Assert.Equal(HttpStatusCode.Redirect, (await browser.Http.PostAsync($"/chat/{files}", form, TestContext.Current.CancellationToken)).StatusCode);
        (_, page) = await browser.GetAsync($"/chat/{files}");
        var image = page.QuerySelectorAll("[data-testid=message] img").Single();
        var src = image.GetAttribute("src")!;
        // Named safely, and after what it is now (a picture without transparency is stored as a JPEG).
        Assert.Matches(@"^/chat/files/[0-9a-f]{32}/Logo-final-\.jpg$", src);
        Assert.Contains("our new logo", image.Closest("[data-testid=message]")!.TextContent);
        var served = await browser.Http.GetAsync(src, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal("image/jpeg", served.Content.Headers.ContentType!.MediaType);
        using (var decoded = SkiaSharp.SKBitmap.Decode(await served.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken)))
            Assert.Equal((800, 600), (decoded.Width, decoded.Height));

        // Someone who may not read the conversation gets 404, like a name that is nothing; so does another workspace.
        using (var outsiderBrowser = _app.Browser(_workspace))
        {
            await outsiderBrowser.LogInAsync(outsider);
            Assert.Equal(HttpStatusCode.NotFound, (await outsiderBrowser.Http.GetAsync(src, TestContext.Current.CancellationToken)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await outsiderBrowser.Http.GetAsync("/chat/files/00000000000000000000000000000000/x.png", TestContext.Current.CancellationToken)).StatusCode);
        }

        var stranger = await _app.CreateUserAsync(workspace: null);
        var elsewhere = await _app.CreateWorkspaceAsync(stranger.Id, prefix: "chatn-files");
        using (var strangerApi = await _app.ApiClientAsync(elsewhere, stranger))
            Assert.Equal(HttpStatusCode.NotFound, (await strangerApi.Http.GetAsync(src, TestContext.Current.CancellationToken)).StatusCode);

        // The API takes any file; one that is not a picture is only ever a download, never a page of this site.
        using var api = await _app.ApiClientAsync(_workspace, member);
        // Deleting the message deletes its picture: the address serves nothing any more.
        var withPicture = long.Parse(image.Closest("[data-testid=message]")!.GetAttribute("data-id")!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(HttpStatusCode.OK, (await api.Http.DeleteAsync($"/api/v1/chat/messages/{withPicture}", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await browser.Http.GetAsync(src, TestContext.Current.CancellationToken)).StatusCode);
        using var html = new MultipartFormDataContent { { new ByteArrayContent("<script>alert(document.cookie)</script>"u8.ToArray()), "file", "notes.html" } };
        var uploaded = await api.Http.PostAsync($"/api/v1/chat/conversations/{files}/attachments", html, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Created, uploaded.StatusCode);
        var view = (await uploaded.Content.ReadFromJsonAsync<ChatAttachmentView>(TestContext.Current.CancellationToken))!;
        Assert.False(view.IsImage);
        Assert.Equal($"[notes.html]({view.Url})", view.Markdown);
        var download = await api.Http.GetAsync(view.Url, TestContext.Current.CancellationToken);
        Assert.Equal("application/octet-stream", download.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal("nosniff", download.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Contains("script-src 'self'", download.Headers.GetValues("Content-Security-Policy").Single());

        // Too large, or no file: 422 with the reason; an outsider of the conversation: 404.
        using var big = new MultipartFormDataContent { { new ByteArrayContent(new byte[300_000]), "file", "big.bin" } };
        var tooLarge = await api.Http.PostAsync($"/api/v1/chat/conversations/{files}/attachments", big, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, tooLarge.StatusCode);
        Assert.Contains("at most 0.2 MB", await tooLarge.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        using var none = new MultipartFormDataContent { { new StringContent("x"), "other" } };
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await api.Http.PostAsync($"/api/v1/chat/conversations/{files}/attachments", none, TestContext.Current.CancellationToken)).StatusCode);
        using var outsiderApi = await _app.ApiClientAsync(_workspace, outsider);
        using var sneaky = new MultipartFormDataContent { { new ByteArrayContent([1, 2, 3]), "file", "x.bin" } };
        Assert.Equal(HttpStatusCode.NotFound, (await outsiderApi.Http.PostAsync($"/api/v1/chat/conversations/{files}/attachments", sneaky, TestContext.Current.CancellationToken)).StatusCode);

        // Uploads never sent cannot pile up: three at a time here, and gone after a day; a sent one stays.
        async Task<HttpResponseMessage> UploadAsync(string name)
        {
            using var content = new MultipartFormDataContent { { new ByteArrayContent([1, 2, 3]), "file", name } };
            return await api.Http.PostAsync($"/api/v1/chat/conversations/{files}/attachments", content, TestContext.Current.CancellationToken);
        }

        var unsent = new List<string>();
        foreach (var name in new[] { "two.bin", "three.bin" })
        {
            var answer = await UploadAsync(name);
            Assert.Equal(HttpStatusCode.Created, answer.StatusCode);
            unsent.Add((await answer.Content.ReadFromJsonAsync<ChatAttachmentView>(TestContext.Current.CancellationToken))!.Url);
        }

        var fourth = await UploadAsync("four.bin");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, fourth.StatusCode);
        Assert.Contains("not sent yet", await fourth.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var sending = await api.Http.PostAsJsonAsync($"/api/v1/chat/conversations/{files}/messages", new { text = $"my notes: {view.Markdown}", clientMessageId = "with-notes" }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Created, sending.StatusCode);
        fourth = await UploadAsync("four.bin");
        Assert.Equal(HttpStatusCode.Created, fourth.StatusCode);
        unsent.Add((await fourth.Content.ReadFromJsonAsync<ChatAttachmentView>(TestContext.Current.CancellationToken))!.Url);

        // Someone else who links the file in a message of their own and deletes it does not delete the file.
        var hostile = await MemberAsync();
        await JoinAsync(_app, _workspace, files, hostile);
        using (var hostileApi = await _app.ApiClientAsync(_workspace, hostile))
        {
            var quoting = await hostileApi.Http.PostAsJsonAsync($"/api/v1/chat/conversations/{files}/messages", new { text = $"see {view.Url}", clientMessageId = "quote" }, TestContext.Current.CancellationToken);
            var quoted = (await quoting.Content.ReadFromJsonAsync<ChatEventView>(TestContext.Current.CancellationToken))!;
            Assert.Equal(HttpStatusCode.OK, (await hostileApi.Http.DeleteAsync($"/api/v1/chat/messages/{quoted.Id}", TestContext.Current.CancellationToken)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, (await api.Http.GetAsync(view.Url, TestContext.Current.CancellationToken)).StatusCode);

        // A day later the sweep deletes the three never sent, rows and files, and keeps the one sent.
        var (scope, db) = await _app.DbForAsync(_workspace);
        await using (scope)
        {
            await db.Set<ChatAttachment>().Where(a => a.MessageId == null).ExecuteUpdateAsync(set => set.SetProperty(a => a.UploadedAt, a => a.UploadedAt.AddDays(-2)), TestContext.Current.CancellationToken);
            Assert.Equal(3, await scope.ServiceProvider.GetRequiredService<ChatAttachments>().SweepUnsentAsync(CancellationToken.None));
        }

        foreach (var url in unsent) Assert.Equal(HttpStatusCode.NotFound, (await api.Http.GetAsync(url, TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.Http.GetAsync(view.Url, TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await UploadAsync("five.bin")).StatusCode);
    }

    [Fact]
    public async Task ManagingAChannel_OnItsPage_AddRemoveLeaveAndArchive_ByThoseAllowed()
    {
        var creator = await MemberAsync();
        var member = await MemberAsync();
        var newcomer = await _app.CreateUserAsync(_workspace);
        var channel = await ChannelAsync(_app, _workspace, creator, "planning", isPrivate: true);
        await JoinAsync(_app, _workspace, channel, member);
        using var creatorPage = _app.Browser(_workspace);
        await creatorPage.LogInAsync(creator);
        using var memberPage = _app.Browser(_workspace);
        await memberPage.LogInAsync(member);

        // Any member brings someone in; the page lists them with their presence.
        Assert.Equal(HttpStatusCode.Redirect, (await memberPage.SubmitAsync($"/chat/{channel}", new Dictionary<string, string> { ["MemberName"] = newcomer.UserName }, "form[data-testid=add-member]")).StatusCode);
        var (_, page) = await creatorPage.GetAsync($"/chat/{channel}");
        Assert.Equal(new[] { creator.UserName, member.UserName, newcomer.UserName }.Order(), page.QuerySelectorAll("[data-testid=member]").Select(m => m.GetAttribute("data-user")!).Order());
        Assert.NotNull(page.QuerySelector($"[data-presence-of='{newcomer.Id}']"));
        var unknown = await memberPage.SubmitAsync($"/chat/{channel}", new Dictionary<string, string> { ["MemberName"] = "nobody-here" }, "form[data-testid=add-member]");
        Assert.Equal(HttpStatusCode.OK, unknown.StatusCode);
        Assert.Contains("No member of this workspace has that username.", await unknown.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        // Only the creator (or an Admin) takes someone out, or archives: a member's page offers neither, and a post is refused.
        (_, page) = await memberPage.GetAsync($"/chat/{channel}");
        Assert.Null(page.QuerySelector("[data-testid=archive]"));
        var token = await memberPage.AntiforgeryTokenAsync($"/chat/{channel}");
        var forged = await memberPage.Http.PostAsync($"/chat/{channel}?handler=Archive&archived=true", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await creatorPage.SubmitAsync($"/chat/{channel}", new Dictionary<string, string>(), $"form[action*='RemoveMember'][action*='{newcomer.Id}']")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await creatorPage.SubmitAsync($"/chat/{channel}", new Dictionary<string, string>(), "form[action*='Archive']")).StatusCode);

        // Archived: readable, nobody writes, the events say so; the member leaves.
        (_, page) = await memberPage.GetAsync($"/chat/{channel}");
        Assert.NotNull(page.QuerySelector("[data-testid=archived]"));
        Assert.Null(page.QuerySelector("form[data-testid=compose]"));
        using var api = await _app.ApiClientAsync(_workspace, member);
        Assert.Equal(HttpStatusCode.Forbidden, (await api.Http.PostAsJsonAsync($"/api/v1/chat/conversations/{channel}/messages", new { text = "hello?", clientMessageId = "arch-1" }, TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await api.Http.DeleteAsync($"/api/v1/chat/conversations/{channel}/archive", TestContext.Current.CancellationToken)).StatusCode);
        var events = (await api.Http.GetFromJsonAsync<IReadOnlyList<ChatEventView>>($"/api/v1/chat/conversations/{channel}/events", TestContext.Current.CancellationToken))!;
        Assert.Equal([ChatEventView.Join, ChatEventView.Join, ChatEventView.Join, ChatEventView.Leave, ChatEventView.Archive], events.Select(e => e.Type));
        Assert.Equal(HttpStatusCode.Redirect, (await memberPage.SubmitAsync($"/chat/{channel}", new Dictionary<string, string>(), "form[action*='Leave']")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await memberPage.Http.GetAsync($"/chat/{channel}", TestContext.Current.CancellationToken)).StatusCode);
        // The newcomer, taken out, cannot read it either.
        using var newcomerApi = await _app.ApiClientAsync(_workspace, newcomer);
        Assert.Equal(HttpStatusCode.NotFound, (await newcomerApi.Http.GetAsync($"/api/v1/chat/conversations/{channel}/events", TestContext.Current.CancellationToken)).StatusCode);

        // The creator opens it again through the API.
        using var creatorApi = await _app.ApiClientAsync(_workspace, creator);
        Assert.Equal(HttpStatusCode.NoContent, (await creatorApi.Http.DeleteAsync($"/api/v1/chat/conversations/{channel}/archive", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await creatorApi.Http.PostAsJsonAsync($"/api/v1/chat/conversations/{channel}/messages", new { text = "we are back", clientMessageId = "arch-2" }, TestContext.Current.CancellationToken)).StatusCode);
    }
}
