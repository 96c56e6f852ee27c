using Microsoft.Extensions.Caching.Memory;

namespace Cairn.Web.Platform.Tenancy;

/// <summary>
/// Finds workspaces by slug. Found workspaces are cached briefly; misses are never cached,
/// so a workspace created by a page or by another process is served on its first request.
/// </summary>
public sealed class TenantStore(IServiceProvider services, IMemoryCache cache)
{
    private static readonly TimeSpan CacheFor = TimeSpan.FromMinutes(1);

    public async Task<TenantInfo?> FindAsync(string slug, CancellationToken cancellationToken = default)
    {
        var key = CacheKey(slug);
        if (cache.TryGetValue(key, out TenantInfo? cached)) return cached;

        // The DbContext is taken only on a miss: most requests are answered from the cache.
        var db = services.GetRequiredService<CairnDbContext>();
        var tenant = await db.Tenants.AsNoTracking()
            .Where(t => t.Slug == slug)
            .Select(t => new TenantInfo(t.Id, t.Slug, t.Name))
            .FirstOrDefaultAsync(cancellationToken);
        if (tenant is not null) cache.Set(key, tenant, CacheFor);
        return tenant;
    }

    /// <summary>The workspace with this id (a background job's, stored with its outbox message), or null.</summary>
    public async Task<TenantInfo?> FindAsync(int id, CancellationToken cancellationToken = default)
    {
        var db = services.GetRequiredService<CairnDbContext>();
        var slug = await db.Tenants.AsNoTracking().Where(t => t.Id == id).Select(t => t.Slug).FirstOrDefaultAsync(cancellationToken);
        return slug is null ? null : await FindAsync(slug, cancellationToken);
    }

    public void Forget(string slug) => cache.Remove(CacheKey(slug));

    private static string CacheKey(string slug) => $"tenancy:slug:{slug}";
}
