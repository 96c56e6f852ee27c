using System.Collections.Concurrent;
using Cairn.Tests.Infrastructure;
using Cairn.Web.Platform.Data;
using Cairn.Web.Platform.Jobs;
using Cairn.Web.Platform.Realtime;
using Cairn.Web.Platform.Tenancy;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Cairn.Tests.Platform;

/// <summary>What a job or a hub call saw of its workspace: its slug, and the workspaces of the memberships it could read.</summary>
public sealed record WorkspaceSighting(string? Slug, int[] MembershipWorkspaces);

/// <summary>A job as a module writes one: it reads tenant-owned rows and reports what it saw.</summary>
public sealed record ProbeWorkspace(Guid Id) : IJobPayload;

public sealed class ProbeWorkspaceJob(CairnDbContext db, ITenantContext tenant, UnitOfWorkApp app) : IJobHandler<ProbeWorkspace>
{
    public async Task RunAsync(ProbeWorkspace payload, CancellationToken cancellationToken) =>
        app.Sightings[payload.Id] = new(tenant.Current?.Slug, await db.Memberships.Select(m => m.TenantId).Distinct().ToArrayAsync(cancellationToken));
}

/// <summary>A hub as a module writes one.</summary>
public sealed class ProbeHub(CairnDbContext db, ITenantContext tenant) : Hub
{
    public async Task<WorkspaceSighting> Look() =>
        new(tenant.Current?.Slug, await db.Memberships.Select(m => m.TenantId).Distinct().ToArrayAsync());
}

/// <summary>The app with a probe job and a probe hub added the way a module adds its own.</summary>
public sealed class UnitOfWorkApp : CairnApp
{
    public ConcurrentDictionary<Guid, WorkspaceSighting> Sightings { get; } = new();

    protected override void ConfigureTestServices(IServiceCollection services)
    {
        services.AddSingleton(this);
        services.AddJob<ProbeWorkspace, ProbeWorkspaceJob>();
        services.AddHub<ProbeHub>("/hubs/probe");
    }
}

/// <summary>
/// Issue 11, item 1: every unit of work has its workspace from the platform (requests, jobs, hub calls,
/// commands), a tenant-owned query or save without one throws, and the cross-workspace scope is the only way across.
/// </summary>
public sealed class UnitOfWorkWorkspaceTests(UnitOfWorkApp app) : IClassFixture<UnitOfWorkApp>
{
    private async Task<(string Slug, int Id)> WorkspaceAsync(string prefix)
    {
        var slug = await app.CreateWorkspaceAsync(prefix: prefix);
        await app.CreateUserAsync(slug);
        var (scope, db) = await app.DbForAsync(slug);
        await using (scope)
        {
            return (slug, db.CurrentTenantId!.Value);
        }
    }

    [Fact]
    public async Task AJobEnqueuedInAWorkspace_RunsInIt_AndReadsNoOther()
    {
        var a = await WorkspaceAsync("job-a");
        var b = await WorkspaceAsync("job-b");
        var (inA, inB) = (Guid.NewGuid(), Guid.NewGuid());
        foreach (var (workspace, id) in new[] { (a.Slug, inA), (b.Slug, inB) })
        {
            var (scope, db) = await app.DbForAsync(workspace);
            await using (scope)
            {
                db.Enqueue(new ProbeWorkspace(id));
                await db.SaveChangesAsync();
            }
        }

        // Run as the job server runs them: a fresh scope per job, nothing set by the job itself.
        await app.RunOutboxAsync<ProbeWorkspace>();
        Assert.Equal(a.Slug, app.Sightings[inA].Slug);
        Assert.Equal([a.Id], app.Sightings[inA].MembershipWorkspaces);
        Assert.Equal(b.Slug, app.Sightings[inB].Slug);
        Assert.Equal([b.Id], app.Sightings[inB].MembershipWorkspaces);
    }

    [Fact]
    public async Task AHubCall_SeesItsConnectionsWorkspace_AndUnknownWorkspacesCannotConnect()
    {
        var a = await WorkspaceAsync("hub-a");
        var b = await WorkspaceAsync("hub-b");
        foreach (var (slug, id) in new[] { a, b })
        {
            await using var connection = Connect(slug);
            await connection.StartAsync(TestContext.Current.CancellationToken);
            // Two calls: each runs in its own scope, and each gets the workspace.
            for (var call = 0; call < 2; call++)
            {
                var seen = await connection.InvokeAsync<WorkspaceSighting>(nameof(ProbeHub.Look), TestContext.Current.CancellationToken);
                Assert.Equal(slug, seen.Slug);
                Assert.Equal([id], seen.MembershipWorkspaces);
            }
        }

        await using var nowhere = Connect("no-such-workspace");
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => nowhere.StartAsync(TestContext.Current.CancellationToken));
    }

    private HubConnection Connect(string workspace) => new HubConnectionBuilder()
        .WithUrl($"http://{workspace}.localhost/hubs/probe", options =>
        {
            options.HttpMessageHandlerFactory = _ => app.Server.CreateHandler();
            options.Transports = HttpTransportType.LongPolling;
        })
        .Build();

    [Fact]
    public async Task ATenantOwnedQueryOrSave_OutsideAnyWorkspace_Throws()
    {
        var a = await WorkspaceAsync("none");
        var (scope, db) = await app.DbForAsync(null);
        await using (scope)
        {
            // It used to answer nothing, silently; now it says what is missing.
            var query = await Assert.ThrowsAsync<NoWorkspaceException>(() => db.Memberships.CountAsync());
            Assert.Contains("needs a workspace", query.Message, StringComparison.Ordinal);
            await Assert.ThrowsAsync<NoWorkspaceException>(() => db.Invitations.AnyAsync());

            db.Invitations.Add(new Invitation { TokenHash = new string('0', 64) });
            await Assert.ThrowsAsync<NoWorkspaceException>(() => db.SaveChangesAsync());
            db.ChangeTracker.Clear();

            // A row loaded in its workspace and saved from none is refused too.
            using (db.AcrossWorkspaces())
            {
                var membership = await db.InEveryWorkspace<Membership>().FirstAsync(m => m.TenantId == a.Id);
                membership.Role = WorkspaceRole.Viewer;
            }
            await Assert.ThrowsAsync<NoWorkspaceException>(() => db.SaveChangesAsync());
        }
    }

    [Fact]
    public async Task TheCrossWorkspaceScope_IsTheOnlyWayAcross()
    {
        var a = await WorkspaceAsync("across-a");
        var b = await WorkspaceAsync("across-b");
        var (scope, db) = await app.DbForAsync(a.Slug);
        await using (scope)
        {
            // In workspace A, plain queries see A only, and reading every workspace needs the named scope.
            Assert.Equal([a.Id], await db.Memberships.Select(m => m.TenantId).Distinct().ToArrayAsync());
            Assert.Throws<InvalidOperationException>(() => db.InEveryWorkspace<Membership>());
            using (db.AcrossWorkspaces())
            {
                var both = await db.InEveryWorkspace<Membership>().Where(m => m.TenantId == a.Id || m.TenantId == b.Id).Select(m => m.TenantId).Distinct().ToListAsync();
                Assert.Equal(2, both.Count);
                // Plain queries stay filtered even inside it: crossing is always explicit.
                Assert.Equal([a.Id], await db.Memberships.Select(m => m.TenantId).Distinct().ToArrayAsync());
            }
            Assert.Throws<InvalidOperationException>(() => db.InEveryWorkspace<Membership>());
        }

        // Work across workspaces for a module: once per workspace, each in its own scope with that workspace set.
        var seen = new ConcurrentDictionary<string, int[]>();
        await app.Services.GetRequiredService<WorkspaceScopes>().ForEachWorkspaceAsync(async (services, token) =>
        {
            var workspace = services.GetRequiredService<ITenantContext>().Workspace();
            seen[workspace.Slug] = await services.GetRequiredService<CairnDbContext>().Memberships.Select(m => m.TenantId).Distinct().ToArrayAsync(token);
        }, TestContext.Current.CancellationToken);
        Assert.Equal([a.Id], seen[a.Slug]);
        Assert.Equal([b.Id], seen[b.Slug]);
    }

    [Fact]
    public void NoCodeOutsideTheDbContext_IgnoresTheWorkspaceFilter()
    {
        // The filter can be lifted in one place, CairnDbContext.InEveryWorkspace; modules use ForEachWorkspaceAsync.
        var source = Path.Combine(RepositoryFiles.Root(), "src", "Cairn.Web");
        var offenders = Directory.EnumerateFiles(source, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal) && !f.EndsWith("CairnDbContext.cs", StringComparison.Ordinal))
            .Where(f => File.ReadAllText(f).Contains("IgnoreQueryFilters", StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(source, f)).ToList();
        Assert.Empty(offenders);
        var modulesAcross = Directory.EnumerateFiles(Path.Combine(source, "Modules"), "*.cs", SearchOption.AllDirectories)
            .Where(f => File.ReadAllText(f) is var text && (text.Contains("AcrossWorkspaces()", StringComparison.Ordinal) || text.Contains("InEveryWorkspace", StringComparison.Ordinal)))
            .Select(f => Path.GetRelativePath(source, f)).ToList();
        Assert.Empty(modulesAcross);
    }
}
