using System.Net;
using Cairn.Tests.Infrastructure;
using Cairn.Web.Platform.Accounts;
using Cairn.Web.Platform.Admin;
using Cairn.Web.Platform.Data;
using Cairn.Web.Platform.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Cairn.Tests.Modules.Admin;

/// <summary>
/// Issue 13: the platform section of the admin (<c>/admin/platform/…</c>): workspaces, users and the memberships
/// of every workspace, for platform administrators only; their changes go to the platform's log.
/// </summary>
public sealed class PlatformAdminTests(CairnApp app)
{
    private async Task<TestUser> PlatformAdminAsync(string? workspace = null)
    {
        var user = await app.CreateUserAsync(workspace);
        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<CairnDbContext>();
        await db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(set => set.SetProperty(u => u.IsPlatformAdmin, true));
        return user;
    }

    private async Task<T> ReadAcrossAsync<T>(Func<CairnDbContext, Task<T>> read)
    {
        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<CairnDbContext>();
        using (db.AcrossWorkspaces()) return await read(db);
    }

    [Fact]
    public async Task APlatformAdmin_SeesEveryWorkspacesMemberships_AndTheWorkspacesOwnersDoNot()
    {
        var ownerA = await app.CreateUserAsync(workspace: null);
        var a = await app.CreateWorkspaceAsync(ownerA.Id, prefix: "plat-a");
        var ownerB = await app.CreateUserAsync(workspace: null);
        var b = await app.CreateWorkspaceAsync(ownerB.Id, prefix: "plat-b");
        var admin = await PlatformAdminAsync();

        // Signed in on workspace A's host, where the platform admin is no member.
        using var client = app.Browser(a);
        await client.LogInAsync(admin);
        var (response, index) = await client.GetAsync("/admin");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["/admin/platform/workspace/", "/admin/platform/user/", "/admin/platform/membership/"],
            index.QuerySelectorAll("[data-testid=admin-index] a").Select(l => l.GetAttribute("href")));
        // The workspace's own data is its Owners' and Admins'.
        Assert.Equal(HttpStatusCode.Forbidden, (await client.Http.GetAsync("/admin/tasks/task/")).StatusCode);

        var (_, workspaces) = await client.GetAsync($"/admin/platform/workspace/?q={b}");
        Assert.Equal([b], workspaces.QuerySelectorAll("[data-testid=admin-row] td:nth-child(4)").Select(td => td.TextContent.Trim()));
        var (_, memberships) = await client.GetAsync($"/admin/platform/membership/?q={b}");
        var rows = memberships.QuerySelectorAll("[data-testid=admin-row]");
        Assert.Single(rows);
        Assert.Contains(ownerB.DisplayName, rows[0].TextContent, StringComparison.Ordinal);

        // An Owner of a workspace is no platform administrator.
        using var ownerClient = app.Browser(a);
        await ownerClient.LogInAsync(ownerA);
        foreach (var path in new[] { "/admin/platform/workspace/", "/admin/platform/user/", "/admin/platform/membership/", "/admin/platform/user/autocomplete/UserId/?q=" })
            Assert.Equal(HttpStatusCode.Forbidden, (await ownerClient.Http.GetAsync(path)).StatusCode);
        var (_, ownerIndex) = await ownerClient.GetAsync("/admin");
        Assert.DoesNotContain(ownerIndex.QuerySelectorAll("[data-testid=admin-index] a"), l => l.GetAttribute("href")!.StartsWith("/admin/platform/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task APlatformAdmin_ChangesAnotherWorkspacesMembership_ButNeverLeavesItWithoutAnOwner()
    {
        var ownerB = await app.CreateUserAsync(workspace: null);
        var b = await app.CreateWorkspaceAsync(ownerB.Id, prefix: "plat-role");
        var member = await app.CreateUserAsync(b, WorkspaceRole.Member);
        var a = await app.CreateWorkspaceAsync(prefix: "plat-home");
        var admin = await PlatformAdminAsync(a);
        using var client = app.Browser(a);
        await client.LogInAsync(admin);
        var (memberId, ownerId) = await ReadAcrossAsync(async db => (
            await db.InEveryWorkspace<Membership>().Where(m => m.UserId == member.Id).Select(m => m.Id).SingleAsync(),
            await db.InEveryWorkspace<Membership>().Where(m => m.UserId == ownerB.Id).Select(m => m.Id).SingleAsync()));

        var response = await client.SubmitAsync($"/admin/platform/membership/{memberId}/change/", new Dictionary<string, string> { ["Role"] = "Admin" });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(WorkspaceRole.Admin, await ReadAcrossAsync(db => db.InEveryWorkspace<Membership>().Where(m => m.Id == memberId).Select(m => m.Role).SingleAsync()));

        // The change is in the platform's log, not in either workspace's.
        var entry = await ReadAcrossAsync(db => db.Set<PlatformLogEntry>().SingleAsync(e => e.Entity == "membership" && e.ObjectKey == memberId.ToString()));
        Assert.Equal(AdminLogAction.Changed, entry.Action);
        Assert.Contains(entry.ReadChanges(), c => c is { Field: "Role", Old: "Member", New: "Admin" });
        Assert.Equal(0, await ReadAcrossAsync(db => db.InEveryWorkspace<AdminLogEntry>().CountAsync(e => e.Entity == "membership")));
        var (_, history) = await client.GetAsync($"/admin/platform/membership/{memberId}/history/");
        Assert.Single(history.QuerySelectorAll("[data-testid=admin-history-entry]"));

        // The workspace's only Owner stays one.
        response = await client.SubmitAsync($"/admin/platform/membership/{ownerId}/change/", new Dictionary<string, string> { ["Role"] = "Member" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("last Owner", (await PageClient.ParseAsync(response)).QuerySelector("[data-field=Role] [data-testid=admin-field-error]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(WorkspaceRole.Owner, await ReadAcrossAsync(db => db.InEveryWorkspace<Membership>().Where(m => m.Id == ownerId).Select(m => m.Role).SingleAsync()));
    }

    [Fact]
    public async Task Users_AreListedByTheirGuidKeys_NeverShowTheirSecrets_AndAreNotAddedHere()
    {
        var admin = await PlatformAdminAsync("demo");
        var someone = await app.CreateUserAsync(workspace: null);
        using var client = app.Browser("demo");
        await client.LogInAsync(admin);

        var (response, form) = await client.GetAsync($"/admin/platform/user/{someone.Id}/change/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        foreach (var secret in new[] { "PasswordHash", "SecurityStamp", "ConcurrencyStamp", "NormalizedEmail" })
            Assert.Null(form.QuerySelector($"[data-field={secret}]"));
        Assert.Null(form.QuerySelector("input[name=Email]"));
        Assert.Equal(HttpStatusCode.Forbidden, (await client.Http.GetAsync("/admin/platform/user/add/")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.Http.GetAsync("/admin/platform/user/not-a-guid/change/")).StatusCode);

        // Making someone a platform administrator signs their sessions out (a new security stamp).
        var stamp = await ReadAcrossAsync(db => db.Users.Where(u => u.Id == someone.Id).Select(u => u.SecurityStamp).SingleAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await client.SubmitAsync($"/admin/platform/user/{someone.Id}/change/", new Dictionary<string, string> { ["IsPlatformAdmin"] = "true" })).StatusCode);
        var after = await ReadAcrossAsync(db => db.Users.Where(u => u.Id == someone.Id).Select(u => new { u.IsPlatformAdmin, u.SecurityStamp }).SingleAsync());
        Assert.True(after.IsPlatformAdmin);
        Assert.NotEqual(stamp, after.SecurityStamp);

        // Keyset pages over Guid keys: every user once, newest first.
        var marker = $"Pager{Guid.NewGuid():N}"[..14];
        var ids = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            var user = await app.CreateUserAsync(workspace: null);
            await ReadAcrossAsync(db => db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(set => set.SetProperty(u => u.DisplayName, $"{marker} {i}")));
            ids.Add(user.Id);
        }

        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<CairnDbContext>();
        var users = scope.ServiceProvider.GetRequiredService<AdminSite>().Prepare(db.Model).Find("platform", "user", null)!;
        using (db.AcrossWorkspaces())
        {
            var first = await users.ListAsync(db, new ChangeListRequest(marker, null, PageSize: 2), TestContext.Current.CancellationToken);
            var second = await users.ListAsync(db, new ChangeListRequest(marker, first.NextAfter, PageSize: 2), TestContext.Current.CancellationToken);
            Assert.Null(second.NextAfter);
            Assert.Equal(ids.AsEnumerable().Reverse().Select(id => id.ToString()), first.Rows.Concat(second.Rows).Select(r => r.Key));
        }
    }
}
