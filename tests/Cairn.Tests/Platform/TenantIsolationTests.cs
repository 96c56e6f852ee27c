using System.Net;
using Cairn.Tests.Infrastructure;
using Cairn.Web.Platform.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Cairn.Tests.Platform;

/// <summary>Rows of one workspace never reach another: proven through the DbContext and over HTTP.</summary>
public sealed class TenantIsolationTests(CairnApp app)
{
    [Fact]
    public async Task DbContext_RowsWrittenInWorkspaceA_AreInvisibleFromWorkspaceB()
    {
        var a = await app.CreateWorkspaceAsync(prefix: "iso-a");
        var b = await app.CreateWorkspaceAsync(prefix: "iso-b");
        var user = await app.CreateUserAsync(workspace: null);

        var (scopeA, dbA) = await app.DbForAsync(a);
        await using (scopeA)
        {
            dbA.Memberships.Add(new Membership { UserId = user.Id, Role = WorkspaceRole.Admin });
            await dbA.SaveChangesAsync();
            Assert.Single(await dbA.Memberships.Where(m => m.UserId == user.Id).ToListAsync());
        }

        var (scopeB, dbB) = await app.DbForAsync(b);
        await using (scopeB)
        {
            Assert.Empty(await dbB.Memberships.Where(m => m.UserId == user.Id).ToListAsync());
            Assert.Equal(0, await dbB.Memberships.CountAsync());
            // Even a lookup by primary key stays inside the workspace.
            var (scopeA2, dbA2) = await app.DbForAsync(a);
            await using (scopeA2)
            {
                var id = (await dbA2.Memberships.SingleAsync(m => m.UserId == user.Id)).Id;
                Assert.Null(await dbB.Memberships.FirstOrDefaultAsync(m => m.Id == id));
            }
        }
    }

    [Fact]
    public async Task DbContext_Insert_IsStampedWithTheCurrentWorkspace()
    {
        var a = await app.CreateWorkspaceAsync(prefix: "stamp");
        var user = await app.CreateUserAsync(workspace: null);
        var (scope, db) = await app.DbForAsync(a);
        await using (scope)
        {
            var membership = new Membership { UserId = user.Id };
            db.Memberships.Add(membership);
            await db.SaveChangesAsync();
            var tenantId = await db.Tenants.Where(t => t.Slug == a).Select(t => t.Id).SingleAsync();
            Assert.Equal(tenantId, membership.TenantId);
        }
    }

    [Fact]
    public async Task DbContext_WriteIntoAnotherWorkspace_IsRefused()
    {
        var a = await app.CreateWorkspaceAsync(prefix: "ref-a");
        var b = await app.CreateWorkspaceAsync(prefix: "ref-b");
        var user = await app.CreateUserAsync(workspace: null);
        var (scope, db) = await app.DbForAsync(b);
        await using (scope)
        {
            var tenantA = await db.Tenants.SingleAsync(t => t.Slug == a);
            db.Memberships.Add(new Membership { UserId = user.Id, TenantId = tenantA.Id });
            await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());
        }
    }

    [Fact]
    public async Task DbContext_UpdateOrDeleteOfAStubNamingAnotherWorkspacesRow_ChangesNothing()
    {
        var a = await app.CreateWorkspaceAsync(prefix: "stub-a");
        var b = await app.CreateWorkspaceAsync(prefix: "stub-b");
        var victim = await app.CreateUserAsync(a, WorkspaceRole.Member);
        int victimRowId;
        var (scopeA, dbA) = await app.DbForAsync(a);
        await using (scopeA) victimRowId = (await dbA.Memberships.SingleAsync(m => m.UserId == victim.Id)).Id;

        var (scopeB, dbB) = await app.DbForAsync(b);
        await using (scopeB)
        {
            var tenantB = await dbB.Tenants.Where(t => t.Slug == b).Select(t => t.Id).SingleAsync();
            // A stub claims the current workspace but carries the id of A's row, as a bound form could.
            dbB.Memberships.Update(new Membership { Id = victimRowId, TenantId = tenantB, UserId = victim.Id, Role = WorkspaceRole.Owner });
            await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => dbB.SaveChangesAsync());
            dbB.ChangeTracker.Clear();
            dbB.Memberships.Remove(new Membership { Id = victimRowId, TenantId = tenantB, UserId = victim.Id });
            await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => dbB.SaveChangesAsync());
        }

        var (scopeCheck, dbCheck) = await app.DbForAsync(a);
        await using (scopeCheck)
        {
            var row = await dbCheck.Memberships.SingleAsync(m => m.Id == victimRowId);
            Assert.Equal(WorkspaceRole.Member, row.Role);
        }
    }

    [Fact]
    public async Task MembersPage_OnWorkspaceB_DoesNotShowMembersOfA()
    {
        var a = await app.CreateWorkspaceAsync(prefix: "http-a");
        var b = await app.CreateWorkspaceAsync(prefix: "http-b");
        var inA = await app.CreateUserAsync(a);
        var inBoth = await app.CreateUserAsync(b);
        await using (var scope = app.Scope())
        {
            var (s, db) = await app.DbForAsync(null);
            await using (s)
            {
                var tenantA = await db.Tenants.SingleAsync(t => t.Slug == a);
                await scope.ServiceProvider.GetRequiredService<WorkspaceService>().AddMemberAsync(tenantA.Id, inBoth.Id, WorkspaceRole.Member);
            }
        }

        using var client = app.Browser(b);
        await client.LogInAsync(inBoth);
        var (response, page) = await client.GetAsync("/members");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = page.QuerySelector("[data-testid=members]")!.TextContent;
        Assert.Contains(inBoth.DisplayName, text);
        Assert.DoesNotContain(inA.DisplayName, text);
    }

    [Fact]
    public async Task MembersPage_OfAWorkspaceTheUserIsNotIn_IsForbidden()
    {
        var a = await app.CreateWorkspaceAsync(prefix: "forb-a");
        var b = await app.CreateWorkspaceAsync(prefix: "forb-b");
        var inA = await app.CreateUserAsync(a);

        using var client = app.Browser(b);
        await client.LogInAsync(inA);
        var response = await client.Http.GetAsync("/members");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/access-denied", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        var denied = await client.Http.GetAsync(response.Headers.Location);
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
    }
}
