using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cairn.Tests.Infrastructure;
using Cairn.Web.Modules.Tasks;
using Cairn.Web.Platform.Tenancy;

namespace Cairn.Tests.Modules.Tasks;

/// <summary>The task pages without JavaScript: forms, validation, flash messages, the toggle, bulk actions, lists.</summary>
public sealed class TaskPagesTests(CairnApp app)
{
    private async Task<(string Workspace, TestUser Owner, PageClient Client)> SignedInOwnerAsync()
    {
        var owner = await app.CreateUserAsync(workspace: null);
        var ws = await app.CreateWorkspaceAsync(owner.Id, prefix: "tasks");
        var client = app.Browser(ws);
        await client.LogInAsync(owner);
        return (ws, owner, client);
    }

    private static Dictionary<string, string> Form(string title, string notes = "", string due = "", string priority = "Normal", string tags = "") =>
        new() { ["Input.Title"] = title, ["Input.Notes"] = notes, ["Input.Due"] = due, ["Input.Priority"] = priority, ["Input.Tags"] = tags };

    [Fact]
    public async Task FirstVisit_GivesTheMemberAListAndALinkedNewTaskFormWithLabelledFields()
    {
        var (_, _, client) = await SignedInOwnerAsync();
        using (client)
        {
            var (response, index) = await client.GetAsync("/tasks");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.NotNull(index.QuerySelector("a[href='/tasks/new']"));
            Assert.Equal("No tasks yet. Add a task", string.Join(' ', index.QuerySelector("[data-testid=no-tasks]")!.TextContent.Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries)));

            var (_, form) = await client.GetAsync("/tasks/new");
            var labels = form.QuerySelectorAll("main form label").Select(l => l.TextContent.Trim()).ToList();
            foreach (var wanted in new[] { "Title", "Notes", "Due", "Priority", "List", "Assignee", "Tags" })
            {
                Assert.Contains(wanted, labels);
                var label = form.QuerySelectorAll("main form label").First(l => l.TextContent.Trim() == wanted);
                Assert.NotNull(form.GetElementById(label.GetAttribute("for")!));
            }

            var lists = form.QuerySelectorAll("select[name='Input.ListId'] option").Select(o => o.TextContent.Trim()).ToList();
            Assert.Equal([TaskAccess.DefaultListName], lists);
        }
    }

    [Fact]
    public async Task NewTask_WithOnlyATitle_IsAddedWithDefaultsAndAFlashMessage()
    {
        var (ws, owner, client) = await SignedInOwnerAsync();
        using (client)
        {
            var response = await client.SubmitAsync("/tasks/new", Form("Water the ferns"));
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal("/tasks", response.Headers.Location!.OriginalString);

            var (_, page) = await client.GetAsync("/tasks");
            Assert.Contains("Task “Water the ferns” added.", page.QuerySelector(".flash-messages")!.TextContent);
            var row = page.QuerySelector("[data-testid=task-row]")!;
            Assert.Equal("Water the ferns", row.QuerySelector("[data-testid=task-title]")!.TextContent);
            Assert.Equal("Normal", row.QuerySelector("[data-testid=task-priority]")!.TextContent);
            Assert.Equal("Mark done", row.QuerySelector("form[data-task-toggle] button")!.TextContent.Trim());
            Assert.NotNull(row.QuerySelector("input[type=checkbox][name=ids]"));

            var id = int.Parse(row.GetAttribute("data-task-id")!, System.Globalization.CultureInfo.InvariantCulture);
            var task = await TaskSeed.FindAsync(app, ws, id);
            Assert.Equal(TaskItemStatus.Open, task!.Status);
            Assert.Null(task.DueAt);
            Assert.Equal(owner.Id, task.CreatedById);
        }
    }

    [Theory]
    [InlineData("", "Input.Title", "Give the task a title.")]
    [InlineData("title-too-long", "Input.Title", "The title may be at most 200 characters long.")]
    [InlineData("bad-due", "Input.Due", "Enter a date and time, like 2026-12-31 17:00.")]
    [InlineData("too-many-tags", "Input.Tags", "At most 10 tags.")]
    public async Task NewTask_WithBadInput_ShowsTheMessageBesideTheFieldAndKeepsWhatWasTyped(string kind, string field, string message)
    {
        var (_, _, client) = await SignedInOwnerAsync();
        using (client)
        {
            var form = Form(kind switch { "" => "", "title-too-long" => new string('x', 201), _ => "A fine title" }, notes: "kept *notes*");
            if (kind == "bad-due") form["Input.Due"] = "next tuesday";
            if (kind == "too-many-tags") form["Input.Tags"] = string.Join(",", Enumerable.Range(1, 11).Select(i => $"t{i}"));
            var response = await client.SubmitAsync("/tasks/new", form);

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var page = await PageClient.ParseAsync(response);
            Assert.Equal(message, page.QuerySelector($"[data-valmsg-for='{field}']")!.TextContent.Trim());
            Assert.Equal("kept *notes*", page.QuerySelector("textarea[name='Input.Notes']")!.TextContent.Trim());
            if (kind == "bad-due") Assert.Equal("next tuesday", page.QuerySelector("input[name='Input.Due']")!.GetAttribute("value"));
        }
    }

    [Fact]
    public async Task NewTask_RefusesAnotherMembersPrivateListAndAnAssigneeFromOutsideTheWorkspace()
    {
        var (ws, _, client) = await SignedInOwnerAsync();
        var member = await app.CreateUserAsync(ws);
        var stranger = await app.CreateUserAsync(workspace: null);
        var privateList = await TaskSeed.ListAsync(app, ws, member.Id, "Member's own");
        using var memberClient = app.Browser(ws);
        await memberClient.LogInAsync(member);
        using (client)
        {
            var form = Form("Sneaky");
            form["Input.ListId"] = privateList.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var own = await memberClient.SubmitAsync("/tasks/new", new Dictionary<string, string>(form) { ["Input.AssigneeId"] = stranger.Id.ToString() });
            var page = await PageClient.ParseAsync(own);
            Assert.Equal(HttpStatusCode.OK, own.StatusCode);
            Assert.Equal("Choose a member of this workspace.", page.QuerySelector("[data-valmsg-for='Input.AssigneeId']")!.TextContent.Trim());

            // A second member cannot add to the first one's private list.
            var other = await app.CreateUserAsync(ws);
            using var otherClient = app.Browser(ws);
            await otherClient.LogInAsync(other);
            var refused = await otherClient.SubmitAsync("/tasks/new", form);
            Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
            Assert.Equal("Choose one of your lists.", (await PageClient.ParseAsync(refused)).QuerySelector("[data-valmsg-for='Input.ListId']")!.TextContent.Trim());
            Assert.Empty(await TaskSeed.TitlesAsync(memberClient, $"/tasks?list={privateList}"));
        }
    }

    [Fact]
    public async Task Edit_ChangesEveryField_AndShowPageRendersSanitizedMarkdownNotes()
    {
        var (ws, owner, client) = await SignedInOwnerAsync();
        var member = await app.CreateUserAsync(ws);
        var list = await TaskSeed.ListAsync(app, ws, owner.Id, "Garden", shared: true);
        var id = await TaskSeed.TaskAsync(app, ws, list, owner.Id, "Prune roses");
        using (client)
        {
            var response = await client.SubmitAsync($"/tasks/{id}/edit", new Dictionary<string, string>
            {
                ["Input.Title"] = "Prune the roses",
                ["Input.Notes"] = "Use *sharp* shears <script>alert(1)</script>",
                ["Input.Due"] = "2031-05-01T08:30",
                ["Input.Priority"] = "Urgent",
                ["Input.AssigneeId"] = member.Id.ToString(),
                ["Input.Tags"] = "Garden, spring, garden",
                ["Input.Done"] = "true",
            });
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal($"/tasks/{id}", response.Headers.Location!.OriginalString);

            var task = await TaskSeed.FindAsync(app, ws, id);
            Assert.Equal("Prune the roses", task!.Title);
            Assert.Equal(TaskPriority.Urgent, task.Priority);
            Assert.Equal(new DateTime(2031, 5, 1, 8, 30, 0), task.DueAt); // the owner's zone is UTC
            Assert.Equal(member.Id, task.AssigneeId);
            Assert.Equal(["garden", "spring"], task.Tags.Select(t => t.Name).Order());
            Assert.Equal(TaskItemStatus.Done, task.Status);
            Assert.NotNull(task.CompletedAt);

            var (_, show) = await client.GetAsync($"/tasks/{id}");
            var notes = show.QuerySelector("[data-testid=task-notes]")!.InnerHtml;
            Assert.Contains("<em>sharp</em>", notes, StringComparison.Ordinal);
            Assert.DoesNotContain("<script", notes, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("Task “Prune the roses” saved.", show.QuerySelector(".flash-messages")!.TextContent);
            Assert.StartsWith("Done", show.QuerySelector("[data-testid=task-status]")!.TextContent.Trim(), StringComparison.Ordinal);

            var (_, form) = await client.GetAsync($"/tasks/{id}/edit");
            Assert.Equal("2031-05-01T08:30", form.QuerySelector("input[name='Input.Due']")!.GetAttribute("value"));
            Assert.Equal("garden, spring", form.QuerySelector("input[name='Input.Tags']")!.GetAttribute("value"));
        }
    }

    [Fact]
    public async Task Toggle_WithAFormPost_RedirectsBackToTheFilteredViewWithAMessage_AndWithJsonAnswersTheNewState()
    {
        var (ws, owner, client) = await SignedInOwnerAsync();
        var list = await TaskSeed.ListAsync(app, ws, owner.Id, "Chores");
        var id = await TaskSeed.TaskAsync(app, ws, list, owner.Id, "Take out the bins");
        using (client)
        {
            var response = await client.SubmitAsync("/tasks?status=open", new Dictionary<string, string>(), $"form[action='/tasks/{id}/toggle']");
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal("/tasks?status=open", response.Headers.Location!.OriginalString);
            var (_, page) = await client.GetAsync("/tasks?status=done");
            Assert.Contains("“Take out the bins” is done.", page.QuerySelector(".flash-messages")!.TextContent);
            Assert.Equal("Mark open", page.QuerySelector($"[data-task-id='{id}'] form[data-task-toggle] button")!.TextContent.Trim());
            Assert.Equal(TaskItemStatus.Done, (await TaskSeed.FindAsync(app, ws, id))!.Status);

            var token = await client.AntiforgeryTokenAsync("/tasks");
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/tasks/{id}/toggle")
            {
                Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }),
            };
            request.Headers.Accept.ParseAdd("application/json");
            var json = await client.Http.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, json.StatusCode);
            var body = await json.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal("open", body.GetProperty("status").GetString());
            Assert.Equal("Mark done", body.GetProperty("label").GetString());
            var task = await TaskSeed.FindAsync(app, ws, id);
            Assert.Equal(TaskItemStatus.Open, task!.Status);
            Assert.Null(task.CompletedAt);
        }
    }

    [Fact]
    public async Task Toggle_WithoutTheAntiforgeryToken_IsRefused()
    {
        var (ws, owner, client) = await SignedInOwnerAsync();
        var list = await TaskSeed.ListAsync(app, ws, owner.Id, "Chores");
        var id = await TaskSeed.TaskAsync(app, ws, list, owner.Id, "Forged");
        using (client)
        {
            var response = await client.Http.PostAsync($"/tasks/{id}/toggle", new FormUrlEncodedContent([]));
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal(TaskItemStatus.Open, (await TaskSeed.FindAsync(app, ws, id))!.Status);
        }
    }

    [Fact]
    public async Task Bulk_WithoutScript_AsksOnceThenMarksDoneMovesAndDeletes()
    {
        var (ws, owner, client) = await SignedInOwnerAsync();
        var home = await TaskSeed.ListAsync(app, ws, owner.Id, "Home");
        var work = await TaskSeed.ListAsync(app, ws, owner.Id, "Work");
        var a = await TaskSeed.TaskAsync(app, ws, home, owner.Id, "Alpha");
        var b = await TaskSeed.TaskAsync(app, ws, home, owner.Id, "Bravo");
        var c = await TaskSeed.TaskAsync(app, ws, home, owner.Id, "Charlie");
        using (client)
        {
            async Task<HttpResponseMessage> Bulk(string operation, bool confirmed, params int[] ids)
            {
                var token = await client.AntiforgeryTokenAsync("/tasks");
                var fields = ids.Select(id => new KeyValuePair<string, string>("ids", id.ToString(System.Globalization.CultureInfo.InvariantCulture))).ToList();
                fields.Add(new("operation", operation));
                fields.Add(new("target", work.ToString(System.Globalization.CultureInfo.InvariantCulture)));
                fields.Add(new("confirmed", confirmed ? "true" : "false"));
                fields.Add(new("returnUrl", "/tasks?sort=title"));
                fields.Add(new("__RequestVerificationToken", token));
                return await client.Http.PostAsync("/tasks/bulk", new FormUrlEncodedContent(fields));
            }

            // Without confirmation: a question listing the tasks, nothing changed yet.
            var question = await Bulk("done", confirmed: false, a, b);
            Assert.Equal(HttpStatusCode.OK, question.StatusCode);
            var page = await PageClient.ParseAsync(question);
            Assert.Equal("Mark 2 tasks done?", page.QuerySelector("h1")!.TextContent.Trim());
            Assert.Equal(["Alpha", "Bravo"], page.QuerySelectorAll("[data-testid=bulk-selection] li").Select(li => li.TextContent.Trim()));
            Assert.Equal(TaskItemStatus.Open, (await TaskSeed.FindAsync(app, ws, a))!.Status);

            // Confirming the question's own form applies it.
            var confirm = page.QuerySelector("main form")!;
            var fields = confirm.QuerySelectorAll("input[name]").Select(i => new KeyValuePair<string, string>(i.GetAttribute("name")!, i.GetAttribute("value") ?? "")).ToList();
            var done = await client.Http.PostAsync("/tasks/bulk", new FormUrlEncodedContent(fields));
            Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
            Assert.Equal("/tasks?sort=title", done.Headers.Location!.OriginalString);
            Assert.Equal(TaskItemStatus.Done, (await TaskSeed.FindAsync(app, ws, a))!.Status);
            Assert.Equal(TaskItemStatus.Done, (await TaskSeed.FindAsync(app, ws, b))!.Status);
            Assert.Equal(TaskItemStatus.Open, (await TaskSeed.FindAsync(app, ws, c))!.Status);
            var (_, after) = await client.GetAsync("/tasks");
            Assert.Contains("2 tasks marked done.", after.QuerySelector(".flash-messages")!.TextContent);

            Assert.Equal(HttpStatusCode.Redirect, (await Bulk("move", confirmed: true, b, c)).StatusCode);
            Assert.Equal(work, (await TaskSeed.FindAsync(app, ws, c))!.ListId);
            Assert.Equal(home, (await TaskSeed.FindAsync(app, ws, a))!.ListId);

            Assert.Equal(HttpStatusCode.Redirect, (await Bulk("delete", confirmed: true, a, c)).StatusCode);
            Assert.Null(await TaskSeed.FindAsync(app, ws, a));
            Assert.Null(await TaskSeed.FindAsync(app, ws, c));
            Assert.NotNull(await TaskSeed.FindAsync(app, ws, b));

            // Nothing selected: a message, not an error.
            var empty = await Bulk("done", confirmed: true);
            Assert.Equal(HttpStatusCode.Redirect, empty.StatusCode);
            var (_, warned) = await client.GetAsync("/tasks");
            Assert.Contains("Select at least one task first.", warned.QuerySelector(".flash-messages")!.TextContent);
        }
    }

    [Fact]
    public async Task Bulk_Delete_LeavesTasksTheMemberMayNotDelete()
    {
        var owner = await app.CreateUserAsync(workspace: null);
        var ws = await app.CreateWorkspaceAsync(owner.Id, prefix: "bulk");
        var alice = await app.CreateUserAsync(ws);
        var bob = await app.CreateUserAsync(ws);
        var shared = await TaskSeed.ListAsync(app, ws, owner.Id, "Team", shared: true);
        var mine = await TaskSeed.TaskAsync(app, ws, shared, alice.Id, "Alice's");
        var theirs = await TaskSeed.TaskAsync(app, ws, shared, bob.Id, "Bob's");
        using var client = app.Browser(ws);
        await client.LogInAsync(alice);

        var token = await client.AntiforgeryTokenAsync("/tasks");
        var response = await client.Http.PostAsync("/tasks/bulk", new FormUrlEncodedContent(
        [
            new("ids", mine.ToString(System.Globalization.CultureInfo.InvariantCulture)), new("ids", theirs.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new("operation", "delete"), new("confirmed", "true"), new("__RequestVerificationToken", token),
        ]));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Null(await TaskSeed.FindAsync(app, ws, mine));
        Assert.NotNull(await TaskSeed.FindAsync(app, ws, theirs));
        var (_, page) = await client.GetAsync("/tasks");
        Assert.Contains("1 task deleted. 1 task you may not delete was left alone.", page.QuerySelector(".flash-messages")!.TextContent);
    }

    [Fact]
    public async Task Delete_AsksFirstThenRemovesTheTask()
    {
        var (ws, owner, client) = await SignedInOwnerAsync();
        var list = await TaskSeed.ListAsync(app, ws, owner.Id, "Misc");
        var id = await TaskSeed.TaskAsync(app, ws, list, owner.Id, "Short-lived", tags: ["temp"]);
        using (client)
        {
            var (question, page) = await client.GetAsync($"/tasks/{id}/delete");
            Assert.Equal(HttpStatusCode.OK, question.StatusCode);
            Assert.Equal("Delete “Short-lived”?", page.QuerySelector("h1")!.TextContent.Trim());
            Assert.NotNull(await TaskSeed.FindAsync(app, ws, id));

            var response = await client.SubmitAsync($"/tasks/{id}/delete", new Dictionary<string, string>());
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Null(await TaskSeed.FindAsync(app, ws, id));
            var (_, index) = await client.GetAsync("/tasks");
            Assert.Contains("Task “Short-lived” deleted.", index.QuerySelector(".flash-messages")!.TextContent);
            Assert.Equal(HttpStatusCode.NotFound, (await client.Http.GetAsync($"/tasks/{id}")).StatusCode);
        }
    }

    [Fact]
    public async Task Lists_CanBeAddedSharedRenamedAndDeletedWithTheirTasks()
    {
        var (ws, owner, client) = await SignedInOwnerAsync();
        var member = await app.CreateUserAsync(ws);
        using var memberClient = app.Browser(ws);
        await memberClient.LogInAsync(member);
        using (client)
        {
            var blank = await client.SubmitAsync("/tasks/lists", new Dictionary<string, string> { ["Input.Name"] = "" });
            Assert.Equal("Give the list a name.", (await PageClient.ParseAsync(blank)).QuerySelector("[data-valmsg-for='Input.Name']")!.TextContent.Trim());

            var added = await client.SubmitAsync("/tasks/lists", new Dictionary<string, string> { ["Input.Name"] = "Groceries", ["Input.IsShared"] = "true" });
            Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
            var listId = int.Parse(added.Headers.Location!.OriginalString.Split('=')[1], System.Globalization.CultureInfo.InvariantCulture);
            await TaskSeed.TaskAsync(app, ws, listId, owner.Id, "Oat milk");
            Assert.Equal(["Oat milk"], await TaskSeed.TitlesAsync(memberClient, $"/tasks?list={listId}"));

            // Rename and unshare: the member no longer sees it.
            var saved = await client.SubmitAsync($"/tasks/lists/{listId}/edit", new Dictionary<string, string> { ["Input.Name"] = "Shopping", ["Input.IsShared"] = "false" }, "main form:not([action*='handler'])");
            Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
            var (_, lists) = await client.GetAsync("/tasks/lists");
            Assert.Contains("Shopping", lists.QuerySelector("[data-testid=task-lists]")!.TextContent);
            Assert.Empty(await TaskSeed.TitlesAsync(memberClient, "/tasks"));
            Assert.Equal(HttpStatusCode.NotFound, (await memberClient.Http.GetAsync($"/tasks/lists/{listId}/edit")).StatusCode);

            // Delete needs the box ticked.
            var unconfirmed = await client.SubmitAsync($"/tasks/lists/{listId}/edit", new Dictionary<string, string>(), "form[action*='handler=Delete']");
            Assert.Equal(HttpStatusCode.Redirect, unconfirmed.StatusCode);
            Assert.Equal(["Oat milk"], await TaskSeed.TitlesAsync(client, $"/tasks?list={listId}"));
            var deleted = await client.SubmitAsync($"/tasks/lists/{listId}/edit", new Dictionary<string, string> { ["confirmed"] = "true" }, "form[action*='handler=Delete']");
            Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
            Assert.DoesNotContain("Oat milk", await TaskSeed.TitlesAsync(client, "/tasks"));
        }
    }
}
