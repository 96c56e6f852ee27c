using System.Collections.Concurrent;
using Cairn.Tests.Infrastructure;
using Cairn.Tests.Modules.Blog;
using Cairn.Tests.Modules.Tasks;
using Cairn.Web.Modules.Blog;
using Cairn.Web.Modules.Tasks;
using Cairn.Web.Platform.Events;
using Cairn.Web.Platform.Tenancy;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Cairn.Tests.Platform;

/// <summary>
/// Records each <see cref="TaskCompleted"/> it is given, with the task's status as a separate connection reads it
/// at that moment: "done" proves the handler ran after the commit.
/// </summary>
public sealed class CompletionRecorder(IServiceScopeFactory scopes, ITenantContext tenant) : IDomainEventHandler<TaskCompleted>, IDomainEventHandler<CommentAdded>
{
    public static readonly ConcurrentQueue<(int TaskId, TaskItemStatus? Seen)> Completed = new();
    public static readonly ConcurrentQueue<int> Comments = new();

    public async Task HandleAsync(TaskCompleted domainEvent, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Set(tenant.Current!);
        var db = scope.ServiceProvider.GetRequiredService<Cairn.Web.Platform.Data.CairnDbContext>();
        var seen = await db.Set<TaskItem>().Where(t => t.Id == domainEvent.Task.Id).Select(t => (TaskItemStatus?)t.Status).FirstOrDefaultAsync(cancellationToken);
        Completed.Enqueue((domainEvent.Task.Id, seen));
    }

    public Task HandleAsync(CommentAdded domainEvent, CancellationToken cancellationToken)
    {
        Comments.Enqueue(domainEvent.Comment.Id);
        return Task.CompletedTask;
    }
}

public sealed class EventsApp : CairnApp
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            services.AddScoped<IDomainEventHandler<TaskCompleted>, CompletionRecorder>();
            services.AddScoped<IDomainEventHandler<CommentAdded>, CompletionRecorder>();
        });
    }
}

/// <summary>Domain events ("signals") reach their handlers after the commit, and never for a change that did not happen.</summary>
public sealed class DomainEventTests(EventsApp app) : IClassFixture<EventsApp>
{
    private async Task<(string Workspace, int TaskId)> TaskAsync()
    {
        var owner = await app.CreateUserAsync(workspace: null);
        var ws = await app.CreateWorkspaceAsync(owner.Id, prefix: "ev");
        var list = await TaskSeed.ListAsync(app, ws, owner.Id, "Events");
        return (ws, await TaskSeed.TaskAsync(app, ws, list, owner.Id, "Watched"));
    }

    private static List<(int TaskId, TaskItemStatus? Seen)> CompletionsOf(int id) => CompletionRecorder.Completed.Where(c => c.TaskId == id).ToList();

    [Fact]
    public async Task SaveChanges_DeliversTheEventAfterTheCommit()
    {
        var (ws, id) = await TaskAsync();
        var (scope, db) = await app.DbForAsync(ws);
        await using (scope)
        {
            var task = await db.Set<TaskItem>().SingleAsync(t => t.Id == id);
            task.MarkDone(DateTime.UtcNow);
            Assert.Empty(CompletionsOf(id));
            await db.SaveChangesAsync();
        }

        Assert.Equal([(id, TaskItemStatus.Done)], CompletionsOf(id));
    }

    [Fact]
    public async Task InATransaction_TheEventWaitsForTheCommit()
    {
        var (ws, id) = await TaskAsync();
        var (scope, db) = await app.DbForAsync(ws);
        await using (scope)
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            (await db.Set<TaskItem>().SingleAsync(t => t.Id == id)).MarkDone(DateTime.UtcNow);
            await db.SaveChangesAsync();
            Assert.Empty(CompletionsOf(id));
            await transaction.CommitAsync();
        }

        Assert.Equal([(id, TaskItemStatus.Done)], CompletionsOf(id));
    }

    [Fact]
    public async Task RolledBackOrFailedChanges_RaiseNothing()
    {
        var (ws, id) = await TaskAsync();
        var (scope, db) = await app.DbForAsync(ws);
        await using (scope)
        {
            await using (var transaction = await db.Database.BeginTransactionAsync())
            {
                (await db.Set<TaskItem>().SingleAsync(t => t.Id == id)).MarkDone(DateTime.UtcNow);
                await db.SaveChangesAsync();
                await transaction.RollbackAsync();
            }

            db.ChangeTracker.Clear();
            // A later, unrelated save in the same scope must not carry the rolled-back event along.
            db.Add(new TaskTag { Name = $"unrelated-{Guid.NewGuid():N}"[..30] });
            await db.SaveChangesAsync();

            // A save that fails (a duplicate tag name breaks a unique index) raises nothing either.
            var task = await db.Set<TaskItem>().SingleAsync(t => t.Id == id);
            Assert.Equal(TaskItemStatus.Open, task.Status);
            task.MarkDone(DateTime.UtcNow);
            db.Add(new TaskTag { Name = "twice" });
            db.Add(new TaskTag { Name = "twice" });
            await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        }

        Assert.Empty(CompletionsOf(id));
    }

    [Fact]
    public async Task PagesRaiseThem_TheToggleAndABlogComment()
    {
        var owner = await app.CreateUserAsync(workspace: null);
        var ws = await app.CreateWorkspaceAsync(owner.Id, prefix: "evp");
        var list = await TaskSeed.ListAsync(app, ws, owner.Id, "Page");
        var id = await TaskSeed.TaskAsync(app, ws, list, owner.Id, "Toggled");
        var slug = await BlogSeed.PostAsync(app, ws, owner.Id, "Commented post");
        using var client = app.Browser(ws);
        await client.LogInAsync(owner);

        await client.SubmitAsync("/tasks", new Dictionary<string, string>(), $"form[action='/tasks/{id}/toggle']");
        Assert.Equal([(id, TaskItemStatus.Done)], CompletionsOf(id));

        var before = CompletionRecorder.Comments.Count;
        var posted = await client.SubmitAsync($"/blog/{slug}", new Dictionary<string, string> { ["Comment.Body"] = "An event-worthy remark." }, "form[action*='handler=Comment']");
        Assert.Equal(System.Net.HttpStatusCode.Redirect, posted.StatusCode);
        Assert.True(CompletionRecorder.Comments.Count > before);
        Assert.DoesNotContain(0, CompletionRecorder.Comments); // ids are read after the insert
    }
}
