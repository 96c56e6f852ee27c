using System.Net;
using Cairn.Tests.Infrastructure;
using Cairn.Web.Platform.Modules;
using Cairn.Web.Platform.Tenancy;
using Microsoft.Extensions.DependencyInjection;

namespace Cairn.Tests.Platform;

/// <summary>An app where the Tasks module is off in the workspace <see cref="Off"/> (by configuration).</summary>
public sealed class TasksOffApp : CairnApp
{
    public const string Off = "no-tasks-here";

    public TasksOffApp() : base(new Dictionary<string, string?> { [$"Cairn:Modules:Off:{Off}"] = "tasks" })
    {
    }

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        await using var scope = Scope();
        var created = await scope.ServiceProvider.GetRequiredService<WorkspaceService>().CreateAsync(Off, "No tasks here", ownerId: null);
        Assert.True(created.Succeeded, created.Error);
    }
}

/// <summary>Issue 11, item 2: modules declare what they add, and a module switched off in a workspace is gone there.</summary>
public sealed class ModuleSwitchTests(TasksOffApp app) : IClassFixture<TasksOffApp>
{
    private static async Task<string[]> NavigationAsync(PageClient client)
    {
        var (_, page) = await client.GetAsync("/");
        return page.QuerySelectorAll("#main-nav .navbar-nav.me-auto > li.nav-item > a.nav-link:not(.dropdown-toggle)").Select(a => a.TextContent.Trim()).ToArray();
    }

    [Fact]
    public async Task TasksOffInAWorkspace_ItsNavigationPagesAndApiAnswer404There_AndElsewhereAllIsOn()
    {
        var on = await app.CreateWorkspaceAsync(prefix: "tasks-on");
        foreach (var (workspace, tasksOn) in new[] { (TasksOffApp.Off, false), (on, true) })
        {
            var member = await app.CreateUserAsync(workspace);
            using var client = app.Browser(workspace);
            await client.LogInAsync(member);

            // The navigation is what the modules declared, in their order, for the modules on here.
            Assert.Equal(tasksOn ? ["Home", "Blog", "Tasks", "Recipes", "Chat", "Members"] : ["Home", "Blog", "Recipes", "Chat", "Members"], await NavigationAsync(client));
            var expected = tasksOn ? HttpStatusCode.OK : HttpStatusCode.NotFound;
            Assert.Equal(expected, (await client.Http.GetAsync("/tasks")).StatusCode);
            Assert.Equal(expected, (await client.Http.GetAsync("/api/v1/tasks")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await client.Http.GetAsync("/blog")).StatusCode);
            if (!tasksOn)
            {
                Assert.Equal(HttpStatusCode.NotFound, (await client.Http.GetAsync("/tasks/lists/new")).StatusCode);
                // Only whole segments belong to a module: /tasksfoo is not Tasks' (and is simply not found).
                var catalog = app.Services.GetRequiredService<ModuleCatalog>();
                Assert.Equal("tasks", catalog.Owner("/tasks/12")?.Name);
                Assert.Null(catalog.Owner("/tasksfoo"));
            }
        }
    }

    [Fact]
    public async Task AnonymousVisitors_SeeOnlyTheEntriesForEveryone()
    {
        using var client = app.Browser();
        Assert.Equal(["Home", "Blog", "Recipes"], await NavigationAsync(client));
    }
}

/// <summary>Issue 11, item 2: a module's options live under <c>Cairn:{Module}</c> and are checked when the app starts.</summary>
public sealed class ModuleOptionsTests
{
    [Theory]
    [InlineData("Cairn:Tasks:ReminderLead", "30.00:00:00", "ReminderLead")]
    [InlineData("Cairn:Blog:ApiCacheSeconds", "-5", "ApiCacheSeconds")]
    public async Task AnOutOfRangeModuleSetting_StopsStartUp_NamingIt(string key, string value, string named)
    {
        await using var app = new CairnApp(new Dictionary<string, string?> { [key] = value });
        var failure = await Assert.ThrowsAnyAsync<Exception>(async () => await app.InitializeAsync());
        var validation = Assert.IsType<Microsoft.Extensions.Options.OptionsValidationException>(failure is AggregateException { InnerException: { } inner } ? inner : failure);
        Assert.Contains(named, validation.Message, StringComparison.Ordinal);
    }
}
