using System.Linq.Expressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Cairn.Web.Platform.Data;

/// <summary>
/// The one DbContext of Cairn. Modules add their entities with <c>IEntityTypeConfiguration&lt;T&gt;</c> classes in their own folders
/// (<see cref="ModuleEntityConfigurations"/>).
/// Tenant isolation lives here: every <see cref="ITenantOwned"/> entity gets a query filter on the current
/// workspace, inserts are stamped with it, and writes into another workspace are refused. A query or save of a
/// tenant-owned entity in a unit of work without a workspace throws <see cref="NoWorkspaceException"/> (it used
/// to answer nothing, silently); the one way across workspaces is <see cref="AcrossWorkspaces"/>, for platform code.
/// Provider-specific subclasses (<see cref="SqliteCairnDbContext"/>, <see cref="PostgresCairnDbContext"/>)
/// exist only to keep one migrations set per provider.
/// </summary>
public abstract class CairnDbContext(DbContextOptions options)
    : IdentityDbContext<CairnUser, IdentityRole<Guid>, Guid>(options)
{
    public const string TenantFilter = "Tenant";

    // Contexts are pooled (DataExtensions): a lease gets its unit of work's workspace and services, and a return
    // forgets them, so nothing of one unit of work reaches the next (decision 007).
    private ITenantContext tenantContext = NoWorkspace.Instance;
    private IServiceProvider? _unitOfWork;
    private int _acrossScopes;

    /// <summary>Ties a pooled context to the unit of work (request, job, hub call, command) that leased it.</summary>
    internal CairnDbContext Lease(IServiceProvider unitOfWork)
    {
        tenantContext = unitOfWork.GetRequiredService<ITenantContext>();
        _unitOfWork = unitOfWork;
        _acrossScopes = 0;
        return this;
    }

    /// <summary>The services of the unit of work that leased this context (its domain events are dispatched there).</summary>
    internal IServiceProvider UnitOfWorkServices =>
        _unitOfWork ?? throw new InvalidOperationException("This CairnDbContext was not leased by a unit of work.");

    public override void Dispose()
    {
        Release();
        base.Dispose();
        GC.SuppressFinalize(this);
    }

    public override ValueTask DisposeAsync()
    {
        Release();
        GC.SuppressFinalize(this);
        return base.DisposeAsync();
    }

    private void Release()
    {
        Web.ModuleCacheEviction.Forget(this);
        tenantContext = NoWorkspace.Instance;
        _unitOfWork = null;
        _acrossScopes = 0;
    }

    public DbSet<Tenant> Tenants => Set<Tenant>();
    public DbSet<Membership> Memberships => Set<Membership>();
    public DbSet<Invitation> Invitations => Set<Invitation>();

    /// <summary>The workspace every tenant-owned query is filtered to; null matches no rows.</summary>
    public int? CurrentTenantId => tenantContext.Current?.Id;

    /// <summary>The slug of the current workspace, for cache tags and logs.</summary>
    public string? CurrentTenantSlug => tenantContext.Current?.Slug;

    /// <summary>
    /// The value the tenant query filter compares with: the current workspace's id, or, in a unit of work without
    /// one, a loud failure instead of an empty answer.
    /// </summary>
    public int TenantFilterValue => tenantContext.Current?.Id ?? throw new NoWorkspaceException();

    /// <summary>
    /// The one named scope for platform work that spans workspaces (creating a workspace with its owner, listing
    /// an account's workspaces, revoking an account's tokens everywhere). Until disposed, rows of other workspaces
    /// may be written and <see cref="InEveryWorkspace{T}"/> reads them; plain queries stay filtered. Modules do
    /// not use it: their work across workspaces goes through <see cref="WorkspaceScopes.ForEachWorkspaceAsync"/>.
    /// </summary>
    public IDisposable AcrossWorkspaces()
    {
        _acrossScopes++;
        return new AcrossScope(this);
    }

    /// <summary>Rows of <typeparamref name="T"/> in every workspace; only inside <see cref="AcrossWorkspaces"/>.</summary>
    public IQueryable<T> InEveryWorkspace<T>() where T : class, ITenantOwned => InEveryWorkspace(Set<T>());

    /// <summary><paramref name="query"/> without the workspace filter, navigations included; only inside <see cref="AcrossWorkspaces"/>.</summary>
    public IQueryable<T> InEveryWorkspace<T>(IQueryable<T> query) where T : class =>
        _acrossScopes > 0
            ? query.IgnoreQueryFilters([TenantFilter])
            : throw new InvalidOperationException($"Reading {typeof(T).Name} rows of every workspace takes a CairnDbContext.AcrossWorkspaces() scope.");

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        var provider = Database.IsNpgsql() ? DatabaseProvider.Postgres : DatabaseProvider.Sqlite;
        AccountsModel.Configure(builder);
        TenancyModel.Configure(builder);
        Admin.AdminLogModel.Configure(builder);
        Admin.AdminBulkJobModel.Configure(builder);
        Admin.AdminSavedViewModel.Configure(builder);
        // Then every module's tables: its IEntityTypeConfiguration<T> classes, found in the app.
        ModuleEntityConfigurations.Apply(builder, provider);

        foreach (var entity in builder.Model.GetEntityTypes().Where(e => typeof(ITenantOwned).IsAssignableFrom(e.ClrType)))
        {
            builder.Entity(entity.ClrType).HasQueryFilter(TenantFilter, TenantFilterFor(entity.ClrType));
            // UPDATE and DELETE also match tenant_id, so a stub entity naming another workspace's row changes nothing.
            builder.Entity(entity.ClrType).Property(nameof(ITenantOwned.TenantId)).IsConcurrencyToken();
            // Every tenant-owned query filters on TenantId: make sure some index starts with it.
            if (!entity.GetIndexes().Any(index => index.Properties[0].Name == nameof(ITenantOwned.TenantId)))
                builder.Entity(entity.ClrType).HasIndex(nameof(ITenantOwned.TenantId));
        }
    }

    // e => e.TenantId == this.TenantFilterValue, with "this" the context, so EF parameterizes it per query.
    private LambdaExpression TenantFilterFor(Type clrType)
    {
        var entity = Expression.Parameter(clrType, "e");
        var tenantId = Expression.Property(entity, nameof(ITenantOwned.TenantId));
        var current = Expression.Property(Expression.Constant(this), nameof(TenantFilterValue));
        return Expression.Lambda(Expression.Equal(tenantId, current), entity);
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        StampTenants();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        StampTenants();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    private void StampTenants()
    {
        var current = CurrentTenantId;
        var crossTenant = _acrossScopes > 0;
        var addingTenants = ChangeTracker.Entries<Tenant>().Any(t => t.State == EntityState.Added);
        foreach (var entry in ChangeTracker.Entries<ITenantOwned>())
        {
            var tenantId = entry.Property(e => e.TenantId);
            switch (entry.State)
            {
                case EntityState.Added when tenantId.IsTemporary && addingTenants:
                    // Added together with its new workspace; only platform code does that.
                    EnsureCrossTenant(crossTenant, entry);
                    break;
                case EntityState.Added when tenantId.IsTemporary:
                    // EF holds a placeholder where TenantId is also part of the key: the current workspace it is.
                    tenantId.CurrentValue = current ?? throw new NoWorkspaceException(entry.Metadata.DisplayName());
                    tenantId.IsTemporary = false;
                    break;
                case EntityState.Added when entry.Entity.TenantId == 0:
                    entry.Entity.TenantId = current ?? throw new NoWorkspaceException(entry.Metadata.DisplayName());
                    break;
                case EntityState.Added:
                    if (entry.Entity.TenantId != current) EnsureCrossTenant(crossTenant, entry);
                    break;
                case EntityState.Modified or EntityState.Deleted when current is null && !crossTenant:
                    throw new NoWorkspaceException(entry.Metadata.DisplayName());
                case EntityState.Modified or EntityState.Deleted:
                    if (tenantId.IsModified && !Equals(tenantId.OriginalValue, tenantId.CurrentValue))
                        throw new InvalidOperationException($"A {entry.Metadata.DisplayName()} cannot move to another workspace.");
                    if (entry.Entity.TenantId != current) EnsureCrossTenant(crossTenant, entry);
                    break;
            }
        }
    }

    private static void EnsureCrossTenant(bool allowed, EntityEntry entry)
    {
        if (!allowed)
            throw new InvalidOperationException($"A {entry.Metadata.DisplayName()} of another workspace cannot be written from this one.");
    }

    private sealed class AcrossScope(CairnDbContext db) : IDisposable
    {
        private bool _disposed;

        public void Dispose()
        {
            if (_disposed) return;
            _disposed = true;
            db._acrossScopes--;
        }
    }
}

/// <summary>A tenant-owned entity was queried or saved in a unit of work that has no workspace.</summary>
public sealed class NoWorkspaceException(string? entity = null) : InvalidOperationException(
    $"{(entity is null ? "A query of tenant-owned rows" : $"Saving a {entity}")} needs a workspace, and this unit of work has none. " +
    "Requests, background jobs, hub calls and commands run with --workspace get theirs from the platform; work across workspaces goes through WorkspaceScopes.ForEachWorkspaceAsync.");

/// <summary>The SQLite flavour; its migrations live in Migrations/Sqlite.</summary>
public sealed class SqliteCairnDbContext(DbContextOptions<SqliteCairnDbContext> options) : CairnDbContext(options);

/// <summary>The PostgreSQL flavour; its migrations live in Migrations/Postgres.</summary>
public sealed class PostgresCairnDbContext(DbContextOptions<PostgresCairnDbContext> options) : CairnDbContext(options);

/// <summary>The workspace of a context no unit of work holds: none.</summary>
internal sealed class NoWorkspace : ITenantContext
{
    public static readonly NoWorkspace Instance = new();

    public TenantInfo? Current => null;
}
