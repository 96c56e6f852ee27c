using Microsoft.AspNetCore.OutputCaching;

namespace Cairn.Web.Modules.Blog;

/// <summary>
/// Output caching of the blog's read API (the RealWorld GETs): answers are cached per workspace, token and query for
/// <see cref="BlogOptions.ApiCacheSeconds"/>, and evicted by every saved change to the blog's rows (declared in
/// <see cref="BlogModule"/> with <c>CacheEvictedBy</c>) and by the bulk deletes below (<see cref="InvalidateAsync"/>).
/// </summary>
public sealed class BlogCache(IOutputCacheStore store, ITenantContext tenant)
{
    /// <summary>The module's name, and so its cache tag.</summary>
    public const string Module = "blog";

    /// <summary>After a write EF does not track (ExecuteDelete): the workspace's cached blog answers go.</summary>
    public ValueTask InvalidateAsync(CancellationToken cancellationToken = default) =>
        tenant.Current is { } current ? store.EvictModuleAsync(Module, current.Slug, cancellationToken) : ValueTask.CompletedTask;

    /// <summary>The entities whose saved changes make cached blog answers stale (memberships and users: author names and roles).</summary>
    public static readonly Type[] EvictedBy =
        [typeof(Post), typeof(Category), typeof(Tag), typeof(Comment), typeof(Favorite), typeof(Follow), typeof(BlogSettings), typeof(Membership), typeof(CairnUser)];
}

internal static class BlogCacheEndpoints
{
    /// <summary>This endpoint's GET answers are cached (see <see cref="BlogCache"/>).</summary>
    public static RouteHandlerBuilder CachedBlogRead(this RouteHandlerBuilder endpoint) =>
        endpoint.CacheReads(BlogCache.Module, services => services.GetRequiredService<IOptions<BlogOptions>>().Value.ApiCacheSeconds);
}

/// <summary>The <c>Blog</c> configuration section.</summary>
public sealed class BlogOptions
{
    /// <summary>How long RealWorld API reads are kept in the output cache (writes evict them at once); 0 turns the cache off.</summary>
    [System.ComponentModel.DataAnnotations.Range(0, 86_400)]
    public int ApiCacheSeconds { get; set; } = 60;
}
