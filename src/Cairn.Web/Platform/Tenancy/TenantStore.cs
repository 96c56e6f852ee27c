using Microsoft.Extensions.Caching.Memory;

namespace Cairn.Web.Platform.Tenancy;

/// <summary>
/// Finds workspaces by slug. Found workspaces are cached briefly; misses are never cached,
/// so a workspace created by a page or by another process is served on its first request.
/// </summary>
public sealed class TenantStore(IServiceProvider services, IMemoryCache cache)
{
    private static readonly TimeSpan CacheFor = TimeSpan.FromMinutes(1);

    // Every request asks for its workspace: a hit is a cache lookup, with no query expression built and no task allocated.
    public ValueTask<TenantInfo?> FindAsync(string slug, CancellationToken cancellationToken = default)
    {
        var key = CacheKey(slug);
        return cache.TryGetValue(key, out TenantInfo? cached) ? ValueTask.FromResult(cached) : LoadAsync(key, t => t.Slug == slug, cancellationToken);
    }

    /// <summary>The workspace with this id (a background job's, stored with its outbox message), or null.</summary>
    public ValueTask<TenantInfo?> FindAsync(int id, CancellationToken cancellationToken = default)
    {
        var key = $"tenancy:id:{id}";
        return cache.TryGetValue(key, out TenantInfo? cached) ? ValueTask.FromResult(cached) : LoadAsync(key, t => t.Id == id, cancellationToken);
    }

    /// <summary>Forgets a workspace (renamed or changed): by slug here; by id it is looked up again within <see cref="CacheFor"/>.</summary>
    public void Forget(string slug) => cache.Remove(CacheKey(slug));

    private async ValueTask<TenantInfo?> LoadAsync(string key, System.Linq.Expressions.Expression<Func<Tenant, bool>> match, CancellationToken cancellationToken)
    {
        // The DbContext is taken only on a miss: most requests are answered from the cache.
        var db = services.GetRequiredService<CairnDbContext>();
        var tenant = await db.Tenants.AsNoTracking().Where(match).Select(t => new TenantInfo(t.Id, t.Slug, t.Name)).FirstOrDefaultAsync(cancellationToken);
        if (tenant is not null) cache.Set(key, tenant, CacheFor);
        return tenant;
    }

    private static string CacheKey(string slug) => $"tenancy:slug:{slug}";
}
