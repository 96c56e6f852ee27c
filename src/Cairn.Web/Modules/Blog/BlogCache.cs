using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Cairn.Web.Modules.Blog;

/// <summary>
/// Output caching of the blog's read API. Responses are cached per workspace, token and query for a minute,
/// tagged <c>t:{workspace}:blog</c>, and that tag is evicted by every change to the workspace's blog
/// (saved entities through <see cref="BlogCacheInvalidator"/>, bulk deletes through <see cref="InvalidateAsync"/>).
/// </summary>
public sealed class BlogCache(IOutputCacheStore store, ITenantContext tenant)
{

    public static string TagFor(string workspace) => $"t:{workspace}:blog";

    /// <summary>On every cached response too: evicted when a user's profile (shown in many workspaces) changes.</summary>
    public const string AllWorkspacesTag = "blog";

    public ValueTask InvalidateAsync(CancellationToken cancellationToken = default) =>
        tenant.Current is { } current ? store.EvictByTagAsync(TagFor(current.Slug), cancellationToken) : ValueTask.CompletedTask;

    /// <summary>True for the API reads this cache serves (the RealWorld GETs that do not depend on who you are beyond the token).</summary>
    public static bool IsCacheable(HttpRequest request) =>
        HttpMethods.IsGet(request.Method)
        && (request.Path.StartsWithSegments("/api/articles") || request.Path.StartsWithSegments("/api/tags") || request.Path.StartsWithSegments("/api/profiles"));
}

/// <summary>
/// The cache policy of the read API: GETs that answered 200, varied by host, workspace header, token and query.
/// It runs early in the pipeline, so a hit costs no routing, authentication or database work; the workspace
/// is read from the host or header (as the tenancy middleware will), and only 200 answers are ever stored.
/// </summary>
internal sealed class BlogApiCachePolicy : IOutputCachePolicy
{
    public ValueTask CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var http = context.HttpContext;
        var seconds = http.RequestServices.GetRequiredService<IOptions<BlogOptions>>().Value.ApiCacheSeconds;
        var cacheable = seconds > 0 && BlogCache.IsCacheable(http.Request);
        var workspace = cacheable ? http.RequestServices.GetRequiredService<TenantResolver>().SlugFor(http.Request) : null;
        context.EnableOutputCaching = cacheable;
        context.AllowCacheLookup = cacheable;
        context.AllowCacheStorage = cacheable;
        context.AllowLocking = true;
        context.ResponseExpirationTimeSpan = TimeSpan.FromSeconds(Math.Max(1, seconds));
        context.CacheVaryByRules.VaryByHost = true;
        var tenantHeader = http.RequestServices.GetRequiredService<IOptions<TenancyOptions>>().Value.HeaderName;
        context.CacheVaryByRules.HeaderNames = new(["Authorization", tenantHeader]);
        context.CacheVaryByRules.QueryKeys = "*";
        if (workspace is not null) context.Tags.Add(BlogCache.TagFor(workspace));
        context.Tags.Add(BlogCache.AllWorkspacesTag);
        return ValueTask.CompletedTask;
    }

    public ValueTask ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;

    public ValueTask ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        // Only plain successes are stored; never a response that sets a cookie (a sliding sign-in, say).
        var response = context.HttpContext.Response;
        if (response.StatusCode != StatusCodes.Status200OK || response.Headers.SetCookie.Count > 0) context.AllowCacheStorage = false;
        return ValueTask.CompletedTask;
    }
}

/// <summary>Evicts the workspace's blog cache after any saved change to blog rows or memberships.</summary>
internal sealed class BlogCacheInvalidator(IServiceProvider services) : SaveChangesInterceptor
{
    private static readonly HashSet<Type> Watched =
        [typeof(Post), typeof(Category), typeof(Tag), typeof(Comment), typeof(Favorite), typeof(Follow), typeof(BlogSettings), typeof(Membership)];

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Mark(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Mark(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        await EvictAsync(eventData.Context, cancellationToken);
        return result;
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        EvictAsync(eventData.Context, CancellationToken.None).AsTask().GetAwaiter().GetResult();
        return result;
    }

    // Workspace ids whose cache a save will evict; -1 stands for every workspace (a user's profile changed).
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<DbContext, HashSet<int>> Pending = [];

    private static void Mark(DbContext? context)
    {
        if (context is null) return;
        var workspaces = Pending.GetOrCreateValue(context);
        foreach (var entry in context.ChangeTracker.Entries())
        {
            if (entry.State is EntityState.Unchanged or EntityState.Detached) continue;
            if (entry.Entity is Cairn.Web.Platform.Accounts.CairnUser) workspaces.Add(-1);
            if (!Watched.Contains(entry.Metadata.ClrType)) continue;
            // Rows are written from inside their workspace; a platform write elsewhere (a new workspace) clears all.
            workspaces.Add(context is CairnDbContext db && entry.Entity is ITenantOwned owned && owned.TenantId == db.CurrentTenantId ? owned.TenantId : -1);
        }
    }

    private async ValueTask EvictAsync(DbContext? context, CancellationToken cancellationToken)
    {
        if (context is null || !Pending.TryGetValue(context, out var workspaces) || workspaces.Count == 0) return;
        var ids = workspaces.ToList();
        workspaces.Clear();
        var store = services.GetRequiredService<IOutputCacheStore>();
        var slug = (context as CairnDbContext)?.CurrentTenantSlug;
        foreach (var id in ids)
            await store.EvictByTagAsync(id < 0 || slug is null ? BlogCache.AllWorkspacesTag : BlogCache.TagFor(slug), cancellationToken);
    }
}

/// <summary>The <c>Blog</c> configuration section.</summary>
public sealed class BlogOptions
{
    /// <summary>How long RealWorld API reads are kept in the output cache (writes evict them at once); 0 turns the cache off.</summary>
    [System.ComponentModel.DataAnnotations.Range(0, 86_400)]
    public int ApiCacheSeconds { get; set; } = 60;
}
