using Microsoft.AspNetCore.OutputCaching;

namespace Cairn.Web.Modules.Blog;

/// <summary>
/// Output caching of the blog's read API (the RealWorld GETs): answers are cached per workspace, token and query for
/// <see cref="BlogOptions.ApiCacheSeconds"/>, and evicted by saved changes to the blog's rows (declared in
/// <see cref="BlogModule"/> with <c>CacheEvictedBy</c>) and by the bulk deletes below (<see cref="InvalidateAsync"/>).
/// The frequent writes evict only what they change: a favourite evicts the answers that show its article (the article,
/// and the lists and feeds it is on) and the lists filtered by favourites; a comment evicts its article's comments.
/// Every other change (a post, a tag, a follow, a user) evicts the workspace's every blog answer.
/// </summary>
public sealed class BlogCache(IOutputCacheStore store, ITenantContext tenant)
{
    /// <summary>The module's name, and so its cache tag.</summary>
    public const string Module = "blog";

    /// <summary>After a write EF does not track (ExecuteDelete): the workspace's cached blog answers go.</summary>
    public ValueTask InvalidateAsync(CancellationToken cancellationToken = default) =>
        tenant.Current is { } current ? store.EvictModuleAsync(Module, current.Slug, cancellationToken) : ValueTask.CompletedTask;

    /// <summary>After a write EF does not track: the workspace's cached blog answers that show these parts go.</summary>
    public ValueTask InvalidateAsync(IEnumerable<string> parts, CancellationToken cancellationToken = default) =>
        tenant.Current is { } current ? store.EvictPartsAsync(Module, current.Slug, parts, cancellationToken) : ValueTask.CompletedTask;

    /// <summary>The part of an answer that shows one article (its favourite count and flag).</summary>
    public static string Article(int postId) => $"post:{postId}";

    /// <summary>The part of an answer that lists one article's comments.</summary>
    public static string Comments(int postId) => $"comments:{postId}";

    /// <summary>The part of an answer whose articles were chosen by who favourited them (<c>?favorited=</c>).</summary>
    public const string Favorites = "favorites";

    /// <summary>The parts a favourite changes.</summary>
    public static string[] FavoriteParts(int postId) => [Article(postId), Favorites];

    /// <summary>The entities whose saved changes make every cached blog answer of the workspace stale (memberships and users: author names and roles).</summary>
    public static readonly Type[] EvictedBy =
        [typeof(Post), typeof(Category), typeof(Tag), typeof(Follow), typeof(BlogSettings), typeof(Membership), typeof(CairnUser)];
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
