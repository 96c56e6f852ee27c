using Microsoft.Extensions.Caching.Memory;

namespace Cairn.Web.Platform.Tenancy;

/// <summary>
/// Finds workspaces by slug. Found workspaces are cached briefly; misses are never cached,
/// so a workspace created by a page or by another process is served on its first request.
/// </summary>
public sealed class TenantStore(IServiceProvider services, IMemoryCache cache)
{
    private static readonly TimeSpan CacheFor = TimeSpan.FromMinutes(1);

    public Task<TenantInfo?> FindAsync(string slug, CancellationToken cancellationToken = default) =>
        FindAsync(CacheKey(slug), t => t.Slug == slug, cancellationToken);

    /// <summary>The workspace with this id (a background job's, stored with its outbox message), or null.</summary>
    public Task<TenantInfo?> FindAsync(int id, CancellationToken cancellationToken = default) =>
        FindAsync($"tenancy:id:{id}", t => t.Id == id, cancellationToken);

    /// <summary>Forgets a workspace (renamed or changed): by slug here; by id it is looked up again within <see cref="CacheFor"/>.</summary>
    public void Forget(string slug) => cache.Remove(CacheKey(slug));

    private async Task<TenantInfo?> FindAsync(string key, System.Linq.Expressions.Expression<Func<Tenant, bool>> match, CancellationToken cancellationToken)
    {
        if (cache.TryGetValue(key, out TenantInfo? cached)) return cached;

        // The DbContext is taken only on a miss: most requests are answered from the cache.
        var db = services.GetRequiredService<CairnDbContext>();
        var tenant = await db.Tenants.AsNoTracking().Where(match).Select(t => new TenantInfo(t.Id, t.Slug, t.Name)).FirstOrDefaultAsync(cancellationToken);
        if (tenant is not null) cache.Set(key, tenant, CacheFor);
        return tenant;
    }

    private static string CacheKey(string slug) => $"tenancy:slug:{slug}";
}
