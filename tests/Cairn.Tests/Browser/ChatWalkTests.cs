using System.Text.RegularExpressions;
using Cairn.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Cairn.Tests.Browser;

/// <summary>
/// Chat in Chromium, two people in two browsers: one starts a channel, the other joins it from the list; typing
/// shows on the other side; messages sent with Enter appear on both pages, live, in the same order.
/// </summary>
public sealed class ChatWalkTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task TwoMembers_StartJoinTypeAndTalk_Live()
    {
        var owner = await app.CreateUserAsync(workspace: null);
        var ws = await app.CreateWorkspaceAsync(owner.Id, prefix: "cwalk");
        var member = await app.CreateUserAsync(ws);

        await using var ownerContext = await app.Chromium.NewContextAsync();
        var ada = await ownerContext.NewPageAsync();
        await app.LogInAsync(ada, owner, ws);
        await ada.GetByRole(AriaRole.Navigation, new() { Name = "Main navigation" }).GetByRole(AriaRole.Link, new() { Name = "Chat" }).ClickAsync();
        await ada.GetByLabel("Name", new() { Exact = true }).FillAsync("lunch");
        await ada.GetByLabel("Topic").FillAsync("Where and when");
        await ada.GetByRole(AriaRole.Button, new() { Name = "Create channel" }).ClickAsync();
        await Assertions.Expect(ada.GetByTestId("title")).ToHaveTextAsync("#lunch");

        await using var memberContext = await app.Chromium.NewContextAsync();
        var grace = await memberContext.NewPageAsync();
        await app.LogInAsync(grace, member, ws);
        await grace.GotoAsync(app.Url("/chat", ws));
        await grace.GetByTestId("conversation").Filter(new() { HasText = "#lunch" }).GetByRole(AriaRole.Button, new() { Name = "Join" }).ClickAsync();
        await Assertions.Expect(grace).ToHaveURLAsync(new Regex(@"/chat/\d+$"));
        // The join reaches Ada's open page live.
        await Assertions.Expect(ada.GetByTestId("messages")).ToContainTextAsync($"{member.DisplayName} joined");

        // Ada types: Grace sees it; Ada sends with Enter: both see the message.
        await Assertions.Expect(grace.Locator("[data-chat]")).ToHaveAttributeAsync("data-live", "true");
        await Assertions.Expect(ada.Locator("[data-chat]")).ToHaveAttributeAsync("data-live", "true");
        var box = ada.GetByLabel("Message");
        await box.PressSequentiallyAsync("Pizza at one?");
        await Assertions.Expect(grace.GetByTestId("typing")).ToContainTextAsync($"{owner.DisplayName} is typing");
        await box.PressAsync("Enter");
        await Assertions.Expect(ada.GetByTestId("message").Last).ToContainTextAsync("Pizza at one?");
        await Assertions.Expect(grace.GetByTestId("message").Last).ToContainTextAsync("Pizza at one?");

        // A message naming Grace stands out on her page, and counts as a mention on her list until she reads it.
        await box.FillAsync($"@{member.UserName} can you book?");
        await box.PressAsync("Enter");
        await Assertions.Expect(grace.GetByTestId("message").Filter(new() { HasText = "can you book?" })).ToHaveAttributeAsync("data-mentions-me", "true");
        await Assertions.Expect(ada.GetByTestId("message").Filter(new() { HasText = "can you book?" })).Not.ToHaveAttributeAsync("data-mentions-me", "true");

        // Grace answers in Markdown; it arrives rendered on Ada's page.
        await grace.GetByLabel("Message").FillAsync("**Yes**, see you there");
        await grace.GetByLabel("Message").PressAsync("Enter");
        await Assertions.Expect(ada.Locator("[data-testid=message] strong", new() { HasText = "Yes" })).ToHaveCountAsync(1);

        // Grace reacts to Ada's question: Ada sees the count, and her own reaction adds to it.
        var question = grace.GetByTestId("message").Filter(new() { HasText = "Pizza at one?" });
        await question.Locator("summary", new() { HasText = "React" }).ClickAsync();
        await question.GetByRole(AriaRole.Button, new() { Name = "React with 👍" }).ClickAsync();
        var adaThumbs = ada.GetByTestId("message").Filter(new() { HasText = "Pizza at one?" }).GetByTestId("reactions").Locator("[data-emoji='👍']");
        await Assertions.Expect(adaThumbs).ToContainTextAsync("1");
        await adaThumbs.ClickAsync();
        await Assertions.Expect(question.GetByTestId("reactions").Locator("[data-emoji='👍']")).ToContainTextAsync("2");

        // Ada corrects her message; Grace deletes hers: both pages follow.
        await ada.GetByTestId("message").Filter(new() { HasText = "Pizza at one?" }).GetByRole(AriaRole.Button, new() { Name = "Edit" }).ClickAsync();
        await ada.GetByLabel("Edit message").FillAsync("Pizza at half past one?");
        await ada.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(grace.GetByTestId("message").Filter(new() { HasText = "Pizza at half past one?" }).GetByTestId("edited")).ToHaveCountAsync(1);
        grace.Dialog += (_, dialog) => dialog.AcceptAsync();
        await grace.GetByTestId("message").Filter(new() { HasText = "see you there" }).GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        await Assertions.Expect(ada.GetByTestId("message").Last).ToContainTextAsync("This message was deleted.");

        // Ada answers in a thread: Grace's page counts the reply without showing it in the channel.
        await ada.GetByTestId("message").Filter(new() { HasText = "Pizza at half past one?" }).GetByTestId("replies").ClickAsync();
        await Assertions.Expect(ada.GetByTestId("title")).ToHaveTextAsync("Thread in #lunch");
        await ada.GetByLabel("Message").FillAsync("Or the noodle place?");
        await ada.GetByLabel("Message").PressAsync("Enter");
        await Assertions.Expect(ada.GetByTestId("message").Last).ToContainTextAsync("Or the noodle place?");
        await Assertions.Expect(grace.GetByTestId("message").Filter(new() { HasText = "Pizza at half past one?" }).GetByTestId("replies")).ToHaveTextAsync("1 reply");
        await Assertions.Expect(grace.GetByTestId("messages")).Not.ToContainTextAsync("noodle place");

        // Both pages show the same events in the same order, each once.
        await ada.GoBackAsync();
        var adaSeqs = await ada.Locator("[data-testid=messages] [data-seq]").EvaluateAllAsync<string[]>("items => items.map(i => i.dataset.seq)");
        var graceSeqs = await grace.Locator("[data-testid=messages] [data-seq]").EvaluateAllAsync<string[]>("items => items.map(i => i.dataset.seq)");
        Assert.Equal(adaSeqs.Distinct(), adaSeqs);
        Assert.Equal(adaSeqs.Select(long.Parse).Order(), adaSeqs.Select(long.Parse));
        Assert.Equal(adaSeqs.TakeLast(2), graceSeqs.TakeLast(2));

        // A reload shows the same conversation from the server, edits and deletes folded in.
        await grace.ReloadAsync();
        await Assertions.Expect(grace.GetByTestId("message")).ToHaveCountAsync(3);
        await Assertions.Expect(grace.GetByTestId("message").First).ToContainTextAsync("Pizza at half past one?");
        await Assertions.Expect(grace.GetByTestId("message").First.GetByTestId("edited")).ToHaveCountAsync(1);
        await Assertions.Expect(grace.GetByTestId("message").Last).ToContainTextAsync("This message was deleted.");
    }

    [Fact]
    public async Task ADirectMessage_RingsTheBell_ShowsTypingSeenByAndPresence_AndAMentionLightsTheBell()
    {
        var owner = await app.CreateUserAsync(workspace: null);
        var ws = await app.CreateWorkspaceAsync(owner.Id, prefix: "cbell");
        var member = await app.CreateUserAsync(ws);
        var plans = await Cairn.Tests.Modules.Chat.ChatHubTests.ChannelAsync(app, ws, owner, "plans");
        await Cairn.Tests.Modules.Chat.ChatHubTests.JoinAsync(app, ws, plans, member);

        // Grace is somewhere else in the workspace (her tasks), with a quiet bell.
        await using var memberContext = await app.Chromium.NewContextAsync();
        var grace = await memberContext.NewPageAsync();
        await app.LogInAsync(grace, member, ws);
        await grace.GotoAsync(app.Url("/tasks", ws));
        var graceBell = grace.GetByTestId("bell-count");
        await Assertions.Expect(graceBell).ToBeHiddenAsync();

        // Ada opens a direct conversation with her: Grace shows as online there.
        await using var ownerContext = await app.Chromium.NewContextAsync();
        var ada = await ownerContext.NewPageAsync();
        await app.LogInAsync(ada, owner, ws);
        await ada.GotoAsync(app.Url("/chat", ws));
        await ada.GetByLabel("Usernames").FillAsync(member.UserName);
        await ada.GetByRole(AriaRole.Button, new() { Name = "Open conversation" }).ClickAsync();
        await Assertions.Expect(ada.GetByTestId("title")).ToHaveTextAsync(member.DisplayName);
        var graceDot = ada.Locator($"[data-presence-of='{member.Id}']");
        await Assertions.Expect(graceDot).ToHaveAttributeAsync("data-presence", "online");
        await Assertions.Expect(ada.Locator("[data-chat]")).ToHaveAttributeAsync("data-live", "true");

        // Ada writes: Grace's bell rings on the page she is on, and leads to the conversation.
        await ada.GetByLabel("Message").FillAsync("Are you free at three?");
        await ada.GetByLabel("Message").PressAsync("Enter");
        await Assertions.Expect(graceBell).ToHaveTextAsync("1");
        await grace.GetByTestId("bell").ClickAsync();
        await grace.GetByTestId("bell-item").Filter(new() { HasText = owner.DisplayName }).ClickAsync();
        await Assertions.Expect(grace.GetByTestId("message").Last).ToContainTextAsync("Are you free at three?");

        // Having read it, Grace is "seen" on Ada's page, and her bell is quiet again.
        await Assertions.Expect(ada.GetByTestId("seen-by")).ToHaveTextAsync($"Seen by {member.DisplayName}");
        await Assertions.Expect(grace.GetByTestId("bell-count")).ToBeHiddenAsync();

        // Grace types: Ada sees it; Grace answers.
        await Assertions.Expect(grace.Locator("[data-chat]")).ToHaveAttributeAsync("data-live", "true");
        await grace.GetByLabel("Message").PressSequentiallyAsync("Yes, at three");
        await Assertions.Expect(ada.GetByTestId("typing")).ToContainTextAsync($"{member.DisplayName} is typing");
        await grace.GetByLabel("Message").PressAsync("Enter");
        await Assertions.Expect(ada.GetByTestId("message").Last).ToContainTextAsync("Yes, at three");

        // A mention in a channel lights Grace's bell while she is in the direct conversation.
        await ada.GotoAsync(app.Url($"/chat/{plans}", ws));
        await ada.GetByLabel("Message").FillAsync($"@{member.UserName} the plan is ready");
        await ada.GetByLabel("Message").PressAsync("Enter");
        await Assertions.Expect(grace.GetByTestId("bell-count")).ToHaveTextAsync("1");
        await grace.GetByTestId("bell").ClickAsync();
        await Assertions.Expect(grace.GetByTestId("bell-item")).ToContainTextAsync("#plans");

        // Grace closes her browser: Ada sees her go offline.
        await Assertions.Expect(ada.Locator($"[data-presence-of='{member.Id}']")).ToHaveAttributeAsync("data-presence", "online");
        await memberContext.CloseAsync();
        await Assertions.Expect(ada.Locator($"[data-presence-of='{member.Id}']")).ToHaveAttributeAsync("data-presence", "offline");
    }
}
