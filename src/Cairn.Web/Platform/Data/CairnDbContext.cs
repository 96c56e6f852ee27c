using System.Linq.Expressions;
using Cairn.Web.Platform.Accounts;
using Cairn.Web.Platform.Tenancy;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Cairn.Web.Platform.Data;

/// <summary>
/// The one DbContext of Cairn. Modules add their entities through <see cref="InstalledModules.ConfigureModels"/>.
/// Tenant isolation lives here: every <see cref="ITenantOwned"/> entity gets a query filter on the current
/// workspace, inserts are stamped with it, and writes into another workspace are refused.
/// Provider-specific subclasses (<see cref="SqliteCairnDbContext"/>, <see cref="PostgresCairnDbContext"/>)
/// exist only to keep one migrations set per provider.
/// </summary>
public abstract class CairnDbContext(DbContextOptions options, ITenantContext tenantContext)
    : IdentityDbContext<CairnUser, IdentityRole<Guid>, Guid>(options)
{
    public const string TenantFilter = "Tenant";

    private int _crossTenantScopes;

    public DbSet<Tenant> Tenants => Set<Tenant>();
    public DbSet<Membership> Memberships => Set<Membership>();
    public DbSet<Invitation> Invitations => Set<Invitation>();

    /// <summary>The workspace every tenant-owned query is filtered to; null matches no rows.</summary>
    public int? CurrentTenantId => tenantContext.Current?.Id;

    /// <summary>The slug of the current workspace, for cache tags and logs.</summary>
    public string? CurrentTenantSlug => tenantContext.Current?.Slug;

    /// <summary>
    /// Allows, until disposed, writes of rows that belong to a workspace other than the current one
    /// (creating a workspace with its owner, management commands). Reads stay filtered.
    /// </summary>
    public IDisposable AllowCrossTenantWrites()
    {
        _crossTenantScopes++;
        return new CrossTenantScope(this);
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        InstalledModules.ConfigureModels(builder, Database.IsNpgsql() ? DatabaseProvider.Postgres : DatabaseProvider.Sqlite);

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

    // e => e.TenantId == this.CurrentTenantId, with "this" the context, so EF parameterizes it per query.
    private LambdaExpression TenantFilterFor(Type clrType)
    {
        var entity = Expression.Parameter(clrType, "e");
        var tenantId = Expression.Convert(Expression.Property(entity, nameof(ITenantOwned.TenantId)), typeof(int?));
        var current = Expression.Property(Expression.Constant(this), nameof(CurrentTenantId));
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
        var crossTenant = _crossTenantScopes > 0;
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
                    tenantId.CurrentValue = current
                        ?? throw new InvalidOperationException($"A {entry.Metadata.DisplayName()} was added outside any workspace.");
                    tenantId.IsTemporary = false;
                    break;
                case EntityState.Added when entry.Entity.TenantId == 0:
                    entry.Entity.TenantId = current
                        ?? throw new InvalidOperationException($"A {entry.Metadata.DisplayName()} was added outside any workspace.");
                    break;
                case EntityState.Added:
                    if (entry.Entity.TenantId != current) EnsureCrossTenant(crossTenant, entry);
                    break;
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

    private sealed class CrossTenantScope(CairnDbContext db) : IDisposable
    {
        private bool _disposed;

        public void Dispose()
        {
            if (_disposed) return;
            _disposed = true;
            db._crossTenantScopes--;
        }
    }
}

/// <summary>The SQLite flavour; its migrations live in Migrations/Sqlite.</summary>
public sealed class SqliteCairnDbContext(DbContextOptions<SqliteCairnDbContext> options, ITenantContext tenantContext)
    : CairnDbContext(options, tenantContext);

/// <summary>The PostgreSQL flavour; its migrations live in Migrations/Postgres.</summary>
public sealed class PostgresCairnDbContext(DbContextOptions<PostgresCairnDbContext> options, ITenantContext tenantContext)
    : CairnDbContext(options, tenantContext);
