using System.Net;
using System.Text.Json;
using AngleSharp.Html.Dom;
using Cairn.Tests.Infrastructure;
using Cairn.Tests.Modules.Blog;
using Cairn.Tests.Modules.Tasks;
using Cairn.Web.Modules.Blog;
using Cairn.Web.Modules.Tasks;
using Cairn.Web.Platform.Admin;
using Cairn.Web.Platform.Data;
using Cairn.Web.Platform.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Cairn.Tests.Modules.Admin;

/// <summary>
/// Issue 13: the change form, add, delete with its cascade summary, history with before and after values,
/// revert, optimistic concurrency, foreign keys through a server-side autocomplete, permissions per action.
/// </summary>
public sealed class AdminChangeFormTests(CairnApp app)
{
    private async Task<(string Workspace, TestUser Owner, PageClient Client)> SignedInOwnerAsync(string prefix)
    {
        var owner = await app.CreateUserAsync(workspace: null);
        var ws = await app.CreateWorkspaceAsync(owner.Id, prefix: prefix);
        var client = app.Browser(ws);
        await client.LogInAsync(owner);
        return (ws, owner, client);
    }

    private async Task<T> ReadAsync<T>(string workspace, Func<CairnDbContext, Task<T>> read)
    {
        var (scope, db) = await app.DbForAsync(workspace);
        await using (scope) return await read(db);
    }

    private static string Location(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return response.Headers.Location!.OriginalString;
    }

    private static string? FieldError(IHtmlDocument page, string field) =>
        page.QuerySelector($"[data-field={field}] [data-testid=admin-field-error]")?.TextContent.Trim();

    [Fact]
    public async Task Change_SavesTheFields_AndTheHistoryShowsEachOldAndNewValue()
    {
        var (ws, owner, client) = await SignedInOwnerAsync("adm-edit");
        using var signedIn = client;
        var list = await TaskSeed.ListAsync(app, ws, owner.Id, "Chores");
        var id = await TaskSeed.TaskAsync(app, ws, list, owner.Id, "Sweep the path", notes: "Old notes");
        var path = $"/admin/tasks/task/{id}/change/";

        var (response, form) = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Sweep the path", form.QuerySelector("#field-Title")!.GetAttribute("value"));
        Assert.Equal("textarea", form.QuerySelector("#field-Notes")!.LocalName);
        Assert.Equal("select", form.QuerySelector("#field-Priority")!.LocalName);
        Assert.Equal("datetime-local", form.QuerySelector("#field-DueAt")!.GetAttribute("type"));
        Assert.Equal($"Chores #{list}", form.QuerySelector("#field-ListId")!.GetAttribute("value"));
        // Read-only and excluded fields have no input.
        Assert.Null(form.QuerySelector("input[name=CreatedAt]"));
        Assert.Null(form.QuerySelector("[name=NotesHtml]"));

        var saved = await client.SubmitAsync(form, path, new Dictionary<string, string>
        {
            ["Title"] = "Sweep the whole path",
            ["Notes"] = "New *notes*",
            ["Priority"] = "High",
            ["Status"] = "Done",
            ["_save"] = "continue",
        });
        Assert.Equal(path, Location(saved));
        var task = await TaskSeed.FindAsync(app, ws, id);
        Assert.Equal("Sweep the whole path", task!.Title);
        Assert.Equal(TaskPriority.High, task.Priority);
        Assert.Equal(TaskItemStatus.Done, task.Status);
        Assert.NotNull(task.CompletedAt);
        Assert.Contains("<em>notes</em>", task.NotesHtml, StringComparison.Ordinal);

        var (_, history) = await client.GetAsync($"/admin/tasks/task/{id}/history/");
        var entry = Assert.Single(history.QuerySelectorAll("[data-testid=admin-history-entry]"));
        Assert.Equal("changed", entry.GetAttribute("data-action"));
        var rows = entry.QuerySelectorAll("tr[data-field]").ToDictionary(
            r => r.GetAttribute("data-field")!, r => (Before: r.Children[1].TextContent, After: r.Children[2].TextContent));
        Assert.Equal(["Notes", "Priority", "Status", "Title"], rows.Keys.Order());
        Assert.Equal(("Sweep the path", "Sweep the whole path"), rows["Title"]);
        Assert.Equal(("normal", "high"), rows["Priority"]);

        // The recent actions on the index name it.
        var (_, index) = await client.GetAsync("/admin");
        Assert.Contains("Sweep the whole path", index.QuerySelector("[data-testid=admin-recent]")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Change_WithErrors_ShowsThemBesideTheFields_KeepsWhatWasTyped_AndSavesNothing()
    {
        var (ws, owner, client) = await SignedInOwnerAsync("adm-invalid");
        using var signedIn = client;
        var list = await TaskSeed.ListAsync(app, ws, owner.Id, "Chores");
        var id = await TaskSeed.TaskAsync(app, ws, list, owner.Id, "Keep me");
        var path = $"/admin/tasks/task/{id}/change/";

        var response = await client.SubmitAsync(path, new Dictionary<string, string>
        {
            ["Title"] = "   ",
            ["Notes"] = "Typed notes that must survive",
            ["DueAt"] = "the day after tomorrow",
            ["Priority"] = "Sky-high",
            ["ListId"] = "Chores #abc",
        });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var page = await PageClient.ParseAsync(response);
        Assert.Equal("This field is required.", FieldError(page, "Title"));
        Assert.StartsWith("Enter a date and time", FieldError(page, "DueAt"), StringComparison.Ordinal);
        Assert.Equal("Choose one of the listed values.", FieldError(page, "Priority"));
        Assert.NotNull(FieldError(page, "ListId"));
        Assert.Equal("Typed notes that must survive", page.QuerySelector("#field-Notes")!.TextContent);
        Assert.Equal("the day after tomorrow", page.QuerySelector("#field-DueAt")!.GetAttribute("value"));
        Assert.Equal("Keep me", (await TaskSeed.FindAsync(app, ws, id))!.Title);

        // Too long for the column: said beside the field, not a database error.
        response = await client.SubmitAsync(path, new Dictionary<string, string> { ["Title"] = new string('x', TaskItem.MaxTitleLength + 1) });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.StartsWith($"At most {TaskItem.MaxTitleLength} characters", FieldError(await PageClient.ParseAsync(response), "Title"), StringComparison.Ordinal);

        // The module's own rules speak too: a post's address in the blog's form.
        var slug = await BlogSeed.PostAsync(app, ws, owner.Id, "A post", published: true);
        var postId = await ReadAsync(ws, db => db.Set<Post>().Where(p => p.Slug == slug).Select(p => p.Id).SingleAsync());
        response = await client.SubmitAsync($"/admin/blog/post/{postId}/change/", new Dictionary<string, string> { ["Slug"] = "Not A Slug" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("not-a-slug", FieldError(await PageClient.ParseAsync(response), "Slug"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AStaleCopy_IsAConflict_ThatShowsWhatChanged_AndOverwritesNothing()
    {
        var (ws, owner, client) = await SignedInOwnerAsync("adm-stale");
        using var signedIn = client;
        var list = await TaskSeed.ListAsync(app, ws, owner.Id, "Chores");
        var id = await TaskSeed.TaskAsync(app, ws, list, owner.Id, "Original title");
        var path = $"/admin/tasks/task/{id}/change/";
        var (_, stale) = await client.GetAsync(path);

        // Someone else saves first.
        Assert.Equal(HttpStatusCode.Redirect, (await client.SubmitAsync(path, new Dictionary<string, string> { ["Title"] = "Their title" })).StatusCode);

        // The stale form changes only the priority; it still may not overwrite what it did not see.
        var response = await client.SubmitAsync(stale, path, new Dictionary<string, string> { ["Priority"] = "Urgent" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var page = await PageClient.ParseAsync(response);
        var conflict = page.QuerySelector("[data-testid=admin-conflict] tr[data-field=Title]")!;
        Assert.Equal("Original title", conflict.Children[1].TextContent);
        Assert.Equal("Their title", conflict.Children[2].TextContent);
        Assert.Equal("Urgent", (page.QuerySelector("#field-Priority") as IHtmlSelectElement)!.Value);
        var task = await TaskSeed.FindAsync(app, ws, id);
        Assert.Equal(("Their title", TaskPriority.Normal), (task!.Title, task.Priority));

        // Saving again from the conflict page is a choice made knowing their values: it goes through.
        response = await client.SubmitAsync(page, path, new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        task = await TaskSeed.FindAsync(app, ws, id);
        Assert.Equal(("Original title", TaskPriority.Urgent), (task!.Title, task.Priority));
    }

    [Fact]
    public async Task ForeignKeys_TakeOnlyRowsOfThisWorkspace_ByIdOrByAutocomplete()
    {
        var (ws, owner, client) = await SignedInOwnerAsync("adm-fk");
        using var signedIn = client;
        var mine = await TaskSeed.ListAsync(app, ws, owner.Id, "Garden mine");
        var id = await TaskSeed.TaskAsync(app, ws, mine, owner.Id, "Dig");
        var otherOwner = await app.CreateUserAsync(workspace: null);
        var other = await app.CreateWorkspaceAsync(otherOwner.Id, prefix: "adm-fk-b");
        var theirs = await TaskSeed.ListAsync(app, other, otherOwner.Id, "Garden theirs");

        // The autocomplete suggests this workspace's lists and members only.
        var suggestions = JsonSerializer.Deserialize<List<JsonElement>>(await client.Http.GetStringAsync("/admin/tasks/task/autocomplete/ListId/?q=garden"))!;
        Assert.Equal(["Garden mine"], suggestions.Select(s => s.GetProperty("label").GetString()));
        var members = JsonSerializer.Deserialize<List<JsonElement>>(await client.Http.GetStringAsync("/admin/tasks/task/autocomplete/AssigneeId/?q="))!;
        Assert.Equal([owner.Id.ToString()], members.Select(s => s.GetProperty("key").GetString()));
        Assert.Equal(HttpStatusCode.NotFound, (await client.Http.GetAsync("/admin/tasks/task/autocomplete/Title/?q=x")).StatusCode);

        // Another workspace's list or person, named by key, is refused beside the field.
        var response = await client.SubmitAsync($"/admin/tasks/task/{id}/change/", new Dictionary<string, string>
        {
            ["ListId"] = $"#{theirs}",
            ["AssigneeId"] = $"#{otherOwner.Id}",
        });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var page = await PageClient.ParseAsync(response);
        Assert.Equal("There is no such list in this workspace.", FieldError(page, "ListId"));
        Assert.Equal("There is no such member in this workspace.", FieldError(page, "AssigneeId"));
        Assert.Equal(mine, (await TaskSeed.FindAsync(app, ws, id))!.ListId);

        // And another workspace's row is not found at any of its addresses.
        var theirTask = await TaskSeed.TaskAsync(app, other, theirs, otherOwner.Id, "Theirs");
        foreach (var page2 in new[] { "change", "delete", "history" })
            Assert.Equal(HttpStatusCode.NotFound, (await client.Http.GetAsync($"/admin/tasks/task/{theirTask}/{page2}/")).StatusCode);
        var token = await client.AntiforgeryTokenAsync($"/admin/tasks/task/{id}/change/");
        var post = await client.Http.PostAsync($"/admin/tasks/task/{theirTask}/delete/", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        Assert.NotNull(await TaskSeed.FindAsync(app, other, theirTask));
    }

    [Fact]
    public async Task Add_UsesTheModulesDefaults_AndLogsEveryField()
    {
        var (ws, owner, client) = await SignedInOwnerAsync("adm-add");
        using var signedIn = client;
        var list = await TaskSeed.ListAsync(app, ws, owner.Id, "Inbox");

        var response = await client.SubmitAsync("/admin/tasks/task/add/", new Dictionary<string, string>
        {
            ["Title"] = "Added in the admin",
            ["ListId"] = $"Inbox #{list}",
            ["DueAt"] = "2027-01-15T09:30",
            ["_save"] = "another",
        });
        Assert.Equal("/admin/tasks/task/add/", Location(response));
        var task = await ReadAsync(ws, db => db.Set<TaskItem>().SingleAsync(t => t.Title == "Added in the admin"));
        Assert.Equal(owner.Id, task.CreatedById);
        Assert.Equal(list, task.ListId);
        Assert.Equal(new DateTime(2027, 1, 15, 9, 30, 0, DateTimeKind.Utc), task.DueAt); // the owner's zone is UTC

        var entry = await ReadAsync(ws, db => db.Set<AdminLogEntry>().SingleAsync(e => e.ObjectKey == task.Id.ToString() && e.Entity == "task"));
        Assert.Equal((AdminLogAction.Added, owner.Id), (entry.Action, entry.UserId));
        Assert.Contains(entry.ReadChanges(), c => c is { Field: "Title", Old: "", New: "Added in the admin" });

        // A required field left empty is an error, and nothing is added.
        response = await client.SubmitAsync("/admin/blog/category/add/", new Dictionary<string, string> { ["Name"] = "", ["Slug"] = "news" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal(0, await ReadAsync(ws, db => db.Set<Category>().CountAsync()));
        Assert.Equal(HttpStatusCode.Redirect, (await client.SubmitAsync("/admin/blog/category/add/", new Dictionary<string, string> { ["Name"] = "News", ["Slug"] = "news" })).StatusCode);
        // A second one with the same address breaks the unique index: said on the form, not a 500.
        response = await client.SubmitAsync("/admin/blog/category/add/", new Dictionary<string, string> { ["Name"] = "More news", ["Slug"] = "news" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("already has one of these values", (await PageClient.ParseAsync(response)).QuerySelector("[data-testid=admin-errors]")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Delete_NamesWhatItCascadesTo_CappedAndCounted_ThenDeletesAndLogs()
    {
        var (ws, owner, client) = await SignedInOwnerAsync("adm-delete");
        using var signedIn = client;
        var list = await TaskSeed.ListAsync(app, ws, owner.Id, "Doomed");
        for (var i = 0; i < 7; i++) await TaskSeed.TaskAsync(app, ws, list, owner.Id, $"Doomed task {i}");
        var path = $"/admin/tasks/list/{list}/delete/";

        var (response, page) = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var tasks = page.QuerySelector("[data-testid=admin-cascade] li[data-noun=tasks]")!;
        Assert.Equal("7", tasks.GetAttribute("data-count"));
        Assert.Equal("false", tasks.GetAttribute("data-unlinked"));
        Assert.Equal(AdminFor<TaskList>.CascadeNamed, tasks.TextContent.Split('“').Length - 1);
        Assert.Contains("and 2 more", tasks.TextContent, StringComparison.Ordinal);

        Assert.Equal("/admin/tasks/list/", Location(await client.SubmitAsync(path, new Dictionary<string, string>())));
        Assert.Equal(0, await ReadAsync(ws, db => db.Set<TaskItem>().CountAsync(t => t.ListId == list)));
        var (_, history) = await client.GetAsync($"/admin/tasks/list/{list}/history/");
        Assert.Equal("deleted", history.QuerySelector("[data-testid=admin-history-entry]")!.GetAttribute("data-action"));
        Assert.Contains("(deleted)", history.QuerySelector("h1")!.TextContent, StringComparison.Ordinal);

        // A post's delete names its comments; a category's says its posts are kept, unlinked.
        var slug = await BlogSeed.PostAsync(app, ws, owner.Id, "Commented", published: true);
        await BlogSeed.CommentAsync(app, ws, slug, owner.Id, "First!");
        var postId = await ReadAsync(ws, db => db.Set<Post>().Where(p => p.Slug == slug).Select(p => p.Id).SingleAsync());
        (_, page) = await client.GetAsync($"/admin/blog/post/{postId}/delete/");
        Assert.Equal("1", page.QuerySelector("[data-testid=admin-cascade] li[data-noun=comment]")!.GetAttribute("data-count"));
    }

    [Theory]
    [InlineData(WorkspaceRole.Admin)]
    [InlineData(WorkspaceRole.Member)]
    public async Task EachAction_TakesTheRoleItsRegistrationAsks(WorkspaceRole role)
    {
        var (ws, owner, ownerClient) = await SignedInOwnerAsync("adm-perm");
        using var signedInOwner = ownerClient;
        var list = await TaskSeed.ListAsync(app, ws, owner.Id, "Guarded");
        var task = await TaskSeed.TaskAsync(app, ws, list, owner.Id, "Guarded task");
        var user = await app.CreateUserAsync(ws, role);
        using var client = app.Browser(ws);
        await client.LogInAsync(user);
        var token = await ownerClient.AntiforgeryTokenAsync("/admin/tasks/list/");

        var expectedView = role == WorkspaceRole.Admin ? HttpStatusCode.OK : HttpStatusCode.Forbidden;
        foreach (var path in new[] { $"/admin/tasks/task/{task}/change/", "/admin/tasks/task/add/", $"/admin/tasks/task/{task}/history/", "/admin/tasks/task/autocomplete/ListId/?q=",
                     "/admin/tasks/task/export.csv", "/admin/tasks/task/import/" })
            Assert.Equal(expectedView, (await client.Http.GetAsync(path)).StatusCode);

        // Deleting a list (and every task in it) is an Owner's: an Admin is refused, page and post alike.
        Assert.Equal(HttpStatusCode.Forbidden, (await client.Http.GetAsync($"/admin/tasks/list/{list}/delete/")).StatusCode);
        if (role == WorkspaceRole.Admin)
        {
            var (_, form) = await client.GetAsync($"/admin/tasks/list/{list}/change/");
            Assert.Null(form.QuerySelector("[data-testid=admin-delete-link]"));
            var adminToken = await client.AntiforgeryTokenAsync($"/admin/tasks/list/{list}/change/");
            var refused = await client.Http.PostAsync($"/admin/tasks/list/{list}/delete/", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = adminToken }));
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }
        Assert.Equal(1, await ReadAsync(ws, db => db.Set<TaskList>().CountAsync(l => l.Id == list)));

        // A post without the antiforgery token is refused before anything runs.
        var forged = await ownerClient.Http.PostAsync($"/admin/tasks/task/{task}/change/", new FormUrlEncodedContent(new Dictionary<string, string> { ["Title"] = "Forged" }));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal("Guarded task", (await TaskSeed.FindAsync(app, ws, task))!.Title);
        Assert.NotEmpty(token);
    }

    [Fact]
    public async Task AChange_CanBeRevertedFromItsHistory_UnlessItsFieldsChangedSince()
    {
        var (ws, owner, client) = await SignedInOwnerAsync("adm-revert");
        using var signedIn = client;
        var list = await TaskSeed.ListAsync(app, ws, owner.Id, "Chores");
        var id = await TaskSeed.TaskAsync(app, ws, list, owner.Id, "First title");
        var path = $"/admin/tasks/task/{id}/change/";
        var history = $"/admin/tasks/task/{id}/history/";
        await client.SubmitAsync(path, new Dictionary<string, string> { ["Title"] = "Second title", ["Priority"] = "Low" });

        var revert = await client.SubmitAsync(history, new Dictionary<string, string>(), "[data-testid=admin-history-entry] form");
        Assert.Equal(history, Location(revert));
        var task = await TaskSeed.FindAsync(app, ws, id);
        Assert.Equal(("First title", TaskPriority.Normal), (task!.Title, task.Priority));
        var (_, page) = await client.GetAsync(history);
        var entries = page.QuerySelectorAll("[data-testid=admin-history-entry]").Select(e => e.GetAttribute("data-action")).ToList();
        Assert.Equal(["reverted", "changed"], entries);

        // The change itself again: its fields no longer hold what it set, so nothing is written.
        await client.SubmitAsync(path, new Dictionary<string, string> { ["Title"] = "Third title" });
        (_, page) = await client.GetAsync(history);
        var all = page.QuerySelectorAll("[data-testid=admin-history-entry]");
        var firstChange = all[all.Length - 1];
        var token = page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var refused = await client.Http.PostAsync(history + "?handler=revert", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["entry"] = firstChange.GetAttribute("data-entry")!,
        }));
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("has changed since", (await PageClient.ParseAsync(refused)).QuerySelector("[data-testid=admin-revert-problems]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Third title", (await TaskSeed.FindAsync(app, ws, id))!.Title);
    }

    [Theory]
    [InlineData("/admin/tasks/task/99999999/change/")]
    [InlineData("/admin/tasks/task/abc/change/")]
    [InlineData("/admin/tasks/task/-1/delete/")]
    [InlineData("/admin/tasks/task/99999999999999/history/")]
    [InlineData("/admin/tasks/task/1/unknown/")]
    [InlineData("/admin/tasks/nothing/add/")]
    public async Task MalformedOrUnknownAddresses_Are404_Never500(string path)
    {
        var (_, _, client) = await SignedInOwnerAsync("adm-bad");
        using var signedIn = client;
        Assert.Equal(HttpStatusCode.NotFound, (await client.Http.GetAsync(path)).StatusCode);
    }
    [Fact]
    public async Task APostsTags_AreTickedOffOrAdded_InThisWorkspaceOnly_AndRevertAsOneChange()
    {
        var (ws, owner, client) = await SignedInOwnerAsync("adm-tags");
        using var signedIn = client;
        var slug = await BlogSeed.PostAsync(app, ws, owner.Id, "Tagged", published: true, tags: ["stone", "moss"]);
        await BlogSeed.PostAsync(app, ws, owner.Id, "Other", published: false, tags: ["lichen"]);
        var (postId, tags) = await ReadAsync(ws, async db => (
            await db.Set<Post>().Where(p => p.Slug == slug).Select(p => p.Id).SingleAsync(),
            await db.Set<Tag>().ToDictionaryAsync(t => t.Name, t => t.Id)));
        var otherOwner = await app.CreateUserAsync(workspace: null);
        var other = await app.CreateWorkspaceAsync(otherOwner.Id, prefix: "adm-tags-b");
        await BlogSeed.PostAsync(app, other, otherOwner.Id, "Theirs", tags: ["secret"]);
        var theirTag = await ReadAsync(other, db => db.Set<Tag>().Select(t => t.Id).SingleAsync());
        var path = $"/admin/blog/post/{postId}/change/";

        var (_, form) = await client.GetAsync(path);
        Assert.Equal(new[] { tags["moss"].ToString(), tags["stone"].ToString() }.Order(), form.QuerySelectorAll("[data-testid=admin-links] input[name=Tags]").Select(i => i.GetAttribute("value")!).Order());

        // Another workspace's tag, by key, is refused beside the field.
        var response = await client.SubmitAsync(form, path, new Dictionary<string, string> { ["Tags.add"] = $"#{theirTag}" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains($"#{theirTag}", FieldError(await PageClient.ParseAsync(response), "Tags"), StringComparison.Ordinal);

        // Untick moss (a ticked box is sent, an unticked one is not), add lichen; everything else as the form has it.
        var posted = form.QuerySelectorAll("main form[data-admin-form] input[name], main form[data-admin-form] textarea[name], main form[data-admin-form] select[name]")
            .Where(e => !(e is AngleSharp.Html.Dom.IHtmlInputElement { Type: "checkbox" } box && (!box.IsChecked || box.Value == tags["moss"].ToString())))
            .Select(e => new KeyValuePair<string, string>(e.GetAttribute("name")!, e switch
            {
                AngleSharp.Html.Dom.IHtmlTextAreaElement area => area.Value,
                AngleSharp.Html.Dom.IHtmlSelectElement select => select.Value ?? "",
                _ => ((AngleSharp.Html.Dom.IHtmlInputElement)e).Value,
            }))
            .Where(p => p.Key != "Tags.add").Append(new("Tags.add", $"lichen #{tags["lichen"]}")).ToList();
        response = await client.Http.PostAsync(path, new FormUrlEncodedContent(posted));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(["lichen", "stone"], await ReadAsync(ws, db => db.Set<Post>().Where(p => p.Id == postId).SelectMany(p => p.Tags).Select(t => t.Name).OrderBy(n => n).ToListAsync()));
        // The database keeps the published counts: lichen is now on a published post, moss on none.
        var counts = await ReadAsync(ws, db => db.Set<Tag>().ToDictionaryAsync(t => t.Name, t => t.PublishedPosts));
        Assert.Equal((1, 0, 1), (counts["lichen"], counts["moss"], counts["stone"]));

        // The history names them; the revert puts moss back and takes lichen off.
        var (_, history) = await client.GetAsync($"/admin/blog/post/{postId}/history/");
        var row = history.QuerySelector("[data-testid=admin-history-entry] tr[data-field=Tags]")!;
        string Shown(params string[] names) => string.Join(", ", names.OrderBy(n => tags[n]).Select(n => $"{n} #{tags[n]}"));
        Assert.Equal((Shown("moss", "stone"), Shown("stone", "lichen")), (row.Children[1].TextContent, row.Children[2].TextContent));
        var reverted = await client.SubmitAsync($"/admin/blog/post/{postId}/history/", new Dictionary<string, string>(), "[data-testid=admin-history-entry] form");
        Assert.True(reverted.StatusCode == HttpStatusCode.Redirect, (await PageClient.ParseAsync(reverted)).QuerySelector("[data-testid=admin-revert-problems]")?.TextContent);
        Assert.Equal(["moss", "stone"], await ReadAsync(ws, db => db.Set<Post>().Where(p => p.Id == postId).SelectMany(p => p.Tags).Select(t => t.Name).OrderBy(n => n).ToListAsync()));
    }
    [Fact]
    public async Task Inlines_AddAndRemoveAListsTasks_OnTheListsForm_AndLogThemInTheTasksHistory()
    {
        var (ws, owner, client) = await SignedInOwnerAsync("adm-inline");
        using var signedIn = client;
        var list = await TaskSeed.ListAsync(app, ws, owner.Id, "Garden");
        var dig = await TaskSeed.TaskAsync(app, ws, list, owner.Id, "Dig");
        await TaskSeed.TaskAsync(app, ws, list, owner.Id, "Water");
        var otherList = await TaskSeed.ListAsync(app, ws, owner.Id, "Kitchen");
        var cook = await TaskSeed.TaskAsync(app, ws, otherList, owner.Id, "Cook");
        var path = $"/admin/tasks/list/{list}/change/";

        var (_, form) = await client.GetAsync(path);
        var inline = form.QuerySelector("[data-testid=admin-inline][data-child=task]")!;
        Assert.Contains("(2)", inline.QuerySelector("legend")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(["Water", "Dig"], inline.QuerySelectorAll("li a").Select(a => a.TextContent.Trim()));

        // A new task with an error keeps what was typed, and nothing is saved.
        var response = await client.SubmitAsync(form, path, new Dictionary<string, string> { ["inline.task.add.Title"] = "Plant", ["inline.task.add.DueAt"] = "someday" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var page = await PageClient.ParseAsync(response);
        Assert.NotNull(page.QuerySelector("[data-testid=admin-field-error][data-for='inline.task.add.DueAt']"));
        Assert.Equal("Plant", page.QuerySelector("#field-inline-task-add-Title")!.GetAttribute("value"));
        Assert.Equal(3, await ReadAsync(ws, db => db.Set<TaskItem>().CountAsync()));

        // Add one and remove one at once; a key of another list's task is ignored.
        var posted = new Dictionary<string, string> { ["inline.task.add.Title"] = "Plant", ["inline.task.add.Priority"] = "High" };
        var fields = (await client.GetAsync(path)).Document;
        var token = fields.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var body = fields.QuerySelectorAll("form[data-admin-form] input[type=hidden][name^='_orig.']").Select(h => new KeyValuePair<string, string>(h.GetAttribute("name")!, h.GetAttribute("value")!))
            .Append(new("__RequestVerificationToken", token)).Append(new("Name", "Garden")).Append(new("IsShared", "false")).Append(new("OwnerId", $"#{owner.Id}"))
            .Append(new("inline.task.remove", dig.ToString())).Append(new("inline.task.remove", cook.ToString()))
            .Concat(posted.Select(p => new KeyValuePair<string, string>(p.Key, p.Value)));
        response = await client.Http.PostAsync(path, new FormUrlEncodedContent(body));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var tasks = await ReadAsync(ws, db => db.Set<TaskItem>().OrderBy(t => t.Id).Select(t => new { t.Title, t.ListId, t.Priority, t.CreatedById }).ToListAsync());
        Assert.Equal(["Water", "Cook", "Plant"], tasks.Select(t => t.Title));
        Assert.Equal((list, TaskPriority.High, owner.Id), (tasks[2].ListId, tasks[2].Priority, tasks[2].CreatedById));
        var log = await ReadAsync(ws, db => db.Set<AdminLogEntry>().Where(e => e.Entity == "task").OrderBy(e => e.Id).Select(e => new { e.Action, e.ObjectLabel }).ToListAsync());
        Assert.Equal([(AdminLogAction.Deleted, "Dig"), (AdminLogAction.Added, "Plant")], log.Select(e => (e.Action, e.ObjectLabel)));
    }
}
