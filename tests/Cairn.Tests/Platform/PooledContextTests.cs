using Cairn.Tests.Infrastructure;
using Cairn.Web.Platform.Data;
using Cairn.Web.Platform.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Cairn.Tests.Platform;

/// <summary>
/// DbContexts are pooled (decision 007): a context handed back to the pool keeps nothing of the unit of work that
/// used it, so the next one gets its own workspace or none, never the last one's.
/// </summary>
public sealed class PooledContextTests(CairnApp app)
{
    [Fact]
    public async Task PooledContext_ReturnedByAWorkspace_HasNoWorkspaceInTheNextUnitOfWork()
    {
        var ws = await app.CreateWorkspaceAsync(prefix: "pool");
        await app.CreateUserAsync(ws);
        CairnDbContext first;
        var (scope, db) = await app.DbForAsync(ws);
        await using (scope)
        {
            first = db;
            Assert.NotEmpty(await db.Memberships.ToListAsync());
        }

        await using var leases = new Leases(app);
        var reused = leases.Until(first, workspace: null);
        Assert.Null(reused.CurrentTenantId);
        await Assert.ThrowsAsync<NoWorkspaceException>(() => reused.Memberships.ToListAsync());
    }

    [Fact]
    public async Task PooledContext_LeftInsideAcrossWorkspaces_DoesNotCarryTheScopeIntoTheNextUnitOfWork()
    {
        var ws = await app.CreateWorkspaceAsync(prefix: "pool-x");
        CairnDbContext first;
        var (scope, db) = await app.DbForAsync(ws);
        await using (scope)
        {
            first = db;
            _ = db.AcrossWorkspaces(); // never disposed: a bug in a unit of work must not outlive it
            Assert.NotNull(await db.InEveryWorkspace<Membership>().FirstOrDefaultAsync());
        }

        await using var leases = new Leases(app);
        var reused = leases.Until(first, await app.Services.GetRequiredService<TenantStore>().FindAsync(ws));
        Assert.Throws<InvalidOperationException>(() => reused.InEveryWorkspace<Membership>());
    }

    [Fact]
    public async Task PooledContext_LeasedByTwoWorkspacesInTurn_ReadsEachOnesRows()
    {
        var a = await app.CreateWorkspaceAsync(prefix: "pool-a");
        var b = await app.CreateWorkspaceAsync(prefix: "pool-b");
        var user = await app.CreateUserAsync(a);
        foreach (var (workspace, expected) in new[] { (a, 1), (b, 0), (a, 1) })
        {
            var (scope, db) = await app.DbForAsync(workspace);
            await using (scope) Assert.Equal(expected, await db.Memberships.CountAsync(m => m.UserId == user.Id));
        }
    }

    [Theory]
    [InlineData("Host=db;Database=cairn", "64", "2", "True")]
    [InlineData("Host=db;Database=cairn;Max Auto Prepare=0;No Reset On Close=false", "0", "2", "False")]
    [InlineData("Host=db;Database=cairn;maxautoprepare=10;Auto Prepare Min Usages=7", "10", "7", "True")]
    public void PostgresDefaults_AreAddedOnlyWhereTheConnectionStringIsSilent(string given, string maxAutoPrepare, string minUsages, string noReset)
    {
        var result = new Npgsql.NpgsqlConnectionStringBuilder(DataExtensions.WithPostgresDefaults(given));
        Assert.Equal(maxAutoPrepare, result.MaxAutoPrepare.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(minUsages, result.AutoPrepareMinUsages.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(noReset, result.NoResetOnClose.ToString());
        Assert.Equal("db", result.Host);
    }

    /// <summary>
    /// Leases contexts, holding each, until the pool hands back <c>wanted</c> (other tests share the host and its
    /// pool, so the next lease need not be it); then the test looks at that very instance.
    /// </summary>
    private sealed class Leases(CairnApp app) : IAsyncDisposable
    {
        private readonly List<AsyncServiceScope> _scopes = [];

        public CairnDbContext Until(CairnDbContext wanted, TenantInfo? workspace)
        {
            for (var i = 0; i < 2000; i++)
            {
                var scope = app.Scope();
                _scopes.Add(scope);
                if (workspace is not null) scope.ServiceProvider.GetRequiredService<TenantContext>().Set(workspace);
                var db = scope.ServiceProvider.GetRequiredService<CairnDbContext>();
                if (ReferenceEquals(db, wanted)) return db;
            }

            throw new InvalidOperationException("The pool never handed the returned context back.");
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var scope in _scopes) await scope.DisposeAsync();
        }
    }
}
