using System.Net;
using Cairn.Tests.Infrastructure;
using Cairn.Web.Modules.Tasks;
using Cairn.Web.Platform.Tenancy;

namespace Cairn.Tests.Modules.Tasks;

/// <summary>
/// Who sees and changes which tasks: members their own lists, shared lists and their assignments; Admins and
/// Owners everything; Viewers shared lists, read only; other workspaces and strangers nothing.
/// </summary>
public sealed class TaskPermissionTests(TaskPermissionTests.Team team) : IClassFixture<TaskPermissionTests.Team>
{
    public sealed class Team : IAsyncLifetime
    {
        public CairnApp App { get; } = new();
        public string Slug { get; private set; } = "";
        public Dictionary<string, TestUser> Users { get; } = [];
        public Dictionary<string, int> Tasks { get; } = [];
        public string OtherSlug { get; private set; } = "";

        public async ValueTask InitializeAsync()
        {
            await App.InitializeAsync();
            var owner = await App.CreateUserAsync(workspace: null);
            Slug = await App.CreateWorkspaceAsync(owner.Id, prefix: "perm");
            Users["owner"] = owner;
            Users["admin"] = await App.CreateUserAsync(Slug, WorkspaceRole.Admin);
            Users["alice"] = await App.CreateUserAsync(Slug);
            Users["bob"] = await App.CreateUserAsync(Slug);
            Users["viewer"] = await App.CreateUserAsync(Slug, WorkspaceRole.Viewer);

            var alicePrivate = await TaskSeed.ListAsync(App, Slug, Users["alice"].Id, "Alice's list");
            var bobPrivate = await TaskSeed.ListAsync(App, Slug, Users["bob"].Id, "Bob's list");
            var shared = await TaskSeed.ListAsync(App, Slug, owner.Id, "Team list", shared: true);
            Tasks["Alice private"] = await TaskSeed.TaskAsync(App, Slug, alicePrivate, Users["alice"].Id, "Alice private");
            Tasks["Bob private"] = await TaskSeed.TaskAsync(App, Slug, bobPrivate, Users["bob"].Id, "Bob private");
            Tasks["Bob asks Alice"] = await TaskSeed.TaskAsync(App, Slug, bobPrivate, Users["bob"].Id, "Bob asks Alice", assignee: Users["alice"].Id);
            Tasks["Team task"] = await TaskSeed.TaskAsync(App, Slug, shared, owner.Id, "Team task");
            Tasks["Team task for Alice"] = await TaskSeed.TaskAsync(App, Slug, shared, owner.Id, "Team task for Alice", assignee: Users["alice"].Id);
            // Alice wrote these in Bob's private list: she sees them as their creator (and one as its assignee).
            Tasks["Alice wrote in Bob's list"] = await TaskSeed.TaskAsync(App, Slug, bobPrivate, Users["alice"].Id, "Alice wrote in Bob's list");
            Tasks["Alice self-assigned"] = await TaskSeed.TaskAsync(App, Slug, bobPrivate, Users["alice"].Id, "Alice self-assigned", assignee: Users["alice"].Id);

            var otherOwner = await App.CreateUserAsync(workspace: null);
            OtherSlug = await App.CreateWorkspaceAsync(otherOwner.Id, prefix: "permo");
            Users["outsider"] = otherOwner;
            var otherShared = await TaskSeed.ListAsync(App, OtherSlug, otherOwner.Id, "Elsewhere", shared: true);
            Tasks["Elsewhere"] = await TaskSeed.TaskAsync(App, OtherSlug, otherShared, otherOwner.Id, "Elsewhere");
        }

        public async ValueTask DisposeAsync() => await App.DisposeAsync();
    }

    private async Task<PageClient> AsAsync(string who, string? workspace = null)
    {
        var client = team.App.Browser(workspace ?? team.Slug);
        await client.LogInAsync(team.Users[who]);
        return client;
    }

    [Theory]
    [InlineData("owner", "Alice private|Alice self-assigned|Alice wrote in Bob's list|Bob asks Alice|Bob private|Team task|Team task for Alice")]
    [InlineData("admin", "Alice private|Alice self-assigned|Alice wrote in Bob's list|Bob asks Alice|Bob private|Team task|Team task for Alice")]
    [InlineData("alice", "Alice private|Alice self-assigned|Alice wrote in Bob's list|Bob asks Alice|Team task|Team task for Alice")]
    [InlineData("bob", "Alice self-assigned|Alice wrote in Bob's list|Bob asks Alice|Bob private|Team task|Team task for Alice")]
    [InlineData("viewer", "Team task|Team task for Alice")]
    public async Task EachRole_SeesExactlyItsTasks_AndCountsEachOnce(string who, string expected)
    {
        using var client = await AsAsync(who);
        var (_, page) = await client.GetAsync("/tasks?sort=title");
        var titles = page.QuerySelectorAll("[data-testid=task-title]").Select(a => a.TextContent.Trim()).ToList();
        Assert.Equal(expected.Split('|'), titles);
        Assert.DoesNotContain("Elsewhere", titles);
        // The counts add up the visible parts separately (own and shared lists, assignments, own tasks elsewhere):
        // a task in two parts must still count once.
        Assert.Equal(titles.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), page.QuerySelector("[data-count=all]")!.TextContent);
        Assert.Equal(titles.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), page.QuerySelector("[data-count=open]")!.TextContent);
    }

    [Fact]
    public async Task Member_CannotOpenChangeOrDeleteAnotherMembersPrivateTask()
    {
        using var alice = await AsAsync("alice");
        var bobs = team.Tasks["Bob private"];
        Assert.Equal(HttpStatusCode.NotFound, (await alice.Http.GetAsync($"/tasks/{bobs}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await alice.Http.GetAsync($"/tasks/{bobs}/edit")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await alice.Http.GetAsync($"/tasks/{bobs}/delete")).StatusCode);

        var token = await alice.AntiforgeryTokenAsync("/tasks");
        var toggle = await alice.Http.PostAsync($"/tasks/{bobs}/toggle", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        Assert.Equal(HttpStatusCode.NotFound, toggle.StatusCode);
        var bulk = await alice.Http.PostAsync("/tasks/bulk", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["ids"] = bobs.ToString(System.Globalization.CultureInfo.InvariantCulture), ["operation"] = "delete", ["confirmed"] = "true", ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.NotFound, bulk.StatusCode);
        Assert.NotNull(await TaskSeed.FindAsync(team.App, team.Slug, bobs));
    }

    [Fact]
    public async Task Assignee_CanOpenAndEditButNotDeleteATaskInSomeoneElsesList()
    {
        using var alice = await AsAsync("alice");
        var id = team.Tasks["Bob asks Alice"];
        var (shown, page) = await alice.GetAsync($"/tasks/{id}");
        Assert.Equal(HttpStatusCode.OK, shown.StatusCode);
        Assert.Null(page.QuerySelector($"a[href='/tasks/{id}/delete']"));
        Assert.Equal(HttpStatusCode.Forbidden, (await alice.Http.GetAsync($"/tasks/{id}/delete")).StatusCode);

        // Editing keeps the task in Bob's list, which Alice could not add to herself.
        var listBefore = (await TaskSeed.FindAsync(team.App, team.Slug, id))!.ListId;
        var (_, form) = await alice.GetAsync($"/tasks/{id}/edit");
        Assert.Contains("Bob's list", form.QuerySelector("select[name='Input.ListId']")!.TextContent);
        var saved = await alice.SubmitAsync($"/tasks/{id}/edit", new Dictionary<string, string> { ["Input.Title"] = "Bob asks Alice", ["Input.Priority"] = "High" });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var task = await TaskSeed.FindAsync(team.App, team.Slug, id);
        Assert.Equal(listBefore, task!.ListId);
        Assert.Equal(TaskPriority.High, task.Priority);
        Assert.Equal(team.Users["alice"].Id, task.AssigneeId);
    }

    [Fact]
    public async Task Viewer_ReadsSharedListsButCannotWrite()
    {
        using var viewer = await AsAsync("viewer");
        var (_, page) = await viewer.GetAsync("/tasks");
        Assert.Empty(page.QuerySelectorAll("form[data-task-toggle]"));
        Assert.Empty(page.QuerySelectorAll("input[name=ids]"));
        Assert.Null(page.QuerySelector("a[href='/tasks/new']"));
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.Http.GetAsync("/tasks/new")).StatusCode);
        var team1 = team.Tasks["Team task"];
        Assert.Equal(HttpStatusCode.OK, (await viewer.Http.GetAsync($"/tasks/{team1}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.Http.GetAsync($"/tasks/{team1}/edit")).StatusCode);

        var token = await viewer.AntiforgeryTokenAsync("/tasks/lists");
        var toggle = await viewer.Http.PostAsync($"/tasks/{team1}/toggle", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        Assert.Equal(HttpStatusCode.Forbidden, toggle.StatusCode);
        Assert.Equal(TaskItemStatus.Open, (await TaskSeed.FindAsync(team.App, team.Slug, team1))!.Status);
    }

    [Fact]
    public async Task OtherWorkspaces_AndStrangers_SeeNothing()
    {
        // Signed in elsewhere: not a member here.
        using var outsider = await AsAsync("outsider", team.OtherSlug);
        var elsewhere = team.Tasks["Elsewhere"];
        Assert.Equal(["Elsewhere"], await TaskSeed.TitlesAsync(outsider, "/tasks"));
        // A task id of this workspace, asked for on the other workspace's host: not found.
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.Http.GetAsync($"/tasks/{team.Tasks["Team task"]}")).StatusCode);

        using var stranger = team.App.Browser(team.Slug);
        await stranger.LogInAsync(team.Users["outsider"]);
        Assert.Equal(HttpStatusCode.Forbidden, (await stranger.Http.GetAsync("/tasks")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await stranger.Http.GetAsync($"/tasks/{elsewhere}")).StatusCode);

        using var anonymous = team.App.Browser(team.Slug);
        var login = await anonymous.Http.GetAsync("/tasks?status=open");
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        Assert.Contains("/account/login", login.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Admin_CanDeleteAnyTask_AndManageAnyList()
    {
        var list = await TaskSeed.ListAsync(team.App, team.Slug, team.Users["bob"].Id, "Bob's spare");
        var id = await TaskSeed.TaskAsync(team.App, team.Slug, list, team.Users["bob"].Id, "Spare task");
        using var admin = await AsAsync("admin");
        Assert.Equal(HttpStatusCode.OK, (await admin.Http.GetAsync($"/tasks/lists/{list}/edit")).StatusCode);
        var deleted = await admin.SubmitAsync($"/tasks/{id}/delete", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        Assert.Null(await TaskSeed.FindAsync(team.App, team.Slug, id));

        using var alice = await AsAsync("alice");
        Assert.Equal(HttpStatusCode.NotFound, (await alice.Http.GetAsync($"/tasks/lists/{list}/edit")).StatusCode);
    }
}
