using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Cairn.Web.Platform.Web;

/// <summary>
/// Output caching that a module declares for its own endpoints and its own entities. The module puts
/// <see cref="CacheReads{TBuilder}"/> on the endpoints whose GET answers may be cached, and names with
/// <see cref="CairnModule.CacheEvictedBy"/> the entities whose saved changes make those answers stale. Nothing runs
/// for endpoints that declared no caching, and a save of other entities evicts nothing.
/// </summary>
/// <remarks>
/// Cached answers carry two tags: <c>t:{workspace}:{module}</c>, evicted by a change in that workspace, and
/// <c>{module}</c>, evicted by a change seen in every workspace (a user's profile, a row written from outside any
/// workspace). An answer can also name the parts of the module's data it shows (<see cref="DependsOn"/>: one
/// article, one article's comments), tagged <c>t:{workspace}:{module}:{part}</c>; an entity declared with
/// <see cref="CairnModule.CacheEvictedBy{TEntity}"/> evicts only the parts it names (a favourite evicts the answers
/// that show its article), so a busy workspace's writes leave the rest of its cache warm. With Redis configured the
/// store and its evictions are shared by every instance (<see cref="SharedOutputCache"/>).
/// </remarks>
public static class ModuleOutputCache
{
    /// <summary>The tag on a module's cached answers in one workspace.</summary>
    public static string TagFor(string module, string workspace) => $"t:{workspace}:{module}";

    /// <summary>The tag on a module's cached answers in one workspace that show <paramref name="part"/> of its data.</summary>
    public static string TagFor(string module, string workspace, string part) => $"t:{workspace}:{module}:{part}";

    /// <summary>
    /// The tags of a value a module keeps in the data cache (<see cref="Caching.TaggedCache"/>) in one workspace:
    /// the same names as its cached answers', so the same saves make both stale.
    /// </summary>
    public static string[] DataTags(string module, string workspace, params string[] parts) =>
        [module, TagFor(module, workspace), .. parts.Select(part => TagFor(module, workspace, part))];

    // The prefix of this request's part tags (t:{workspace}:{module}:), set when its answer may be stored.
    private static readonly object PartPrefix = new();

    /// <summary>
    /// Declares that this request's answer shows <paramref name="part"/> of the module's data, so that a change
    /// evicting that part (<see cref="CairnModule.CacheEvictedBy{TEntity}"/>) evicts the answer. Does nothing when the
    /// answer is not being cached.
    /// </summary>
    public static void DependsOn(this HttpContext http, string part)
    {
        if (http.Items.TryGetValue(PartPrefix, out var prefix) && http.Features.Get<IOutputCacheFeature>() is { Context.AllowCacheStorage: true } feature)
            feature.Context.Tags.Add((string)prefix! + part);
    }

    /// <summary>
    /// Caches these endpoints' GET answers that succeeded (200, no cookie set), per host, workspace header, token and
    /// query, for <paramref name="seconds"/> seconds (read per request, from the module's options; 0 turns it off).
    /// </summary>
    public static TBuilder CacheReads<TBuilder>(this TBuilder endpoints, string module, Func<IServiceProvider, int> seconds)
        where TBuilder : IEndpointConventionBuilder =>
        endpoints.CacheOutput(new ModuleReadPolicy(module, seconds));

    /// <summary>
    /// Caches these pages' GET answers to visitors who are not signed in (no sign-in cookie, no token), per host,
    /// workspace header and query, for <paramref name="seconds"/> seconds (read per request; 0 turns it off). A
    /// page that sets a cookie is never stored, nor is any answer but a 200.
    /// </summary>
    public static void CacheAnonymousPage(this Microsoft.AspNetCore.Mvc.ApplicationModels.PageApplicationModel page, string module, Func<IServiceProvider, int> seconds) =>
        page.EndpointMetadata.Add(new ModuleReadPolicy(module, seconds, anonymousPages: true));

    /// <summary>Evicts a module's cached answers in <paramref name="workspace"/> (in every workspace when null), after a bulk write that EF does not track.</summary>
    public static ValueTask EvictModuleAsync(this IOutputCacheStore store, string module, string? workspace, CancellationToken cancellationToken = default) =>
        store.EvictByTagAsync(workspace is null ? module : TagFor(module, workspace), cancellationToken);

    /// <summary>Evicts the answers that show these parts of a module's data in <paramref name="workspace"/>, after a bulk write that EF does not track.</summary>
    public static async ValueTask EvictPartsAsync(this IOutputCacheStore store, string module, string workspace, IEnumerable<string> parts, CancellationToken cancellationToken = default)
    {
        foreach (var part in parts) await store.EvictByTagAsync(TagFor(module, workspace, part), cancellationToken);
    }

    /// <summary>The output cache and the eviction of modules' answers on save; the store itself is set up by <see cref="SharedOutputCache"/>.</summary>
    public static IHostApplicationBuilder AddCairnOutputCache(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOutputCache();
        builder.Services.AddSingleton<IInterceptor, ModuleCacheEviction>();
        builder.Services.AddScoped<WorkspaceMemo>();
        builder.AddCairnOutputCacheStore();
        return builder;
    }

    /// <summary>
    /// The policy <see cref="CacheReads{TBuilder}"/> puts on an endpoint. The workspace is read from the host or
    /// header as the tenancy middleware reads it, because the cache answers before that middleware runs: a hit costs
    /// no authentication and no database work.
    /// </summary>
    private sealed class ModuleReadPolicy(string module, Func<IServiceProvider, int> secondsFor, bool anonymousPages = false) : IOutputCachePolicy
    {
        public ValueTask CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
        {
            var http = context.HttpContext;
            var seconds = secondsFor(http.RequestServices);
            var cacheable = seconds > 0 && HttpMethods.IsGet(http.Request.Method) && (!anonymousPages || IsAnonymous(http.Request));
            context.EnableOutputCaching = cacheable;
            context.AllowCacheLookup = cacheable;
            context.AllowCacheStorage = cacheable;
            if (!cacheable) return ValueTask.CompletedTask;

            context.AllowLocking = true;
            context.ResponseExpirationTimeSpan = TimeSpan.FromSeconds(seconds);
            context.CacheVaryByRules.VaryByHost = true;
            var tenantHeader = http.RequestServices.GetRequiredService<IOptions<TenancyOptions>>().Value.HeaderName;
            context.CacheVaryByRules.HeaderNames = new(["Authorization", tenantHeader]);
            context.CacheVaryByRules.QueryKeys = "*";
            if (http.RequestServices.GetRequiredService<TenantResolver>().SlugFor(http.Request) is { } workspace)
            {
                context.Tags.Add(TagFor(module, workspace));
                http.Items[PartPrefix] = TagFor(module, workspace) + ":";
            }
            context.Tags.Add(module);
            return ValueTask.CompletedTask;
        }

        // The flash messages' cookie (TempData), which pages read and clear.
        private const string FlashCookie = QuietTempDataCookies.CookieName;

        // Signed in by cookie or token: the page is theirs, not the visitors'; a flash message waiting: it is shown once, to them.
        private static bool IsAnonymous(HttpRequest request) =>
            !request.Headers.ContainsKey(Microsoft.Net.Http.Headers.HeaderNames.Authorization)
            && !request.Cookies.ContainsKey(Accounts.AccountsExtensions.CookieName) && !request.Cookies.ContainsKey(FlashCookie);

        public ValueTask ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;

        public ValueTask ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation)
        {
            // Only plain successes are stored; never a response that sets a cookie (a sliding sign-in, say).
            var response = context.HttpContext.Response;
            if (response.StatusCode != StatusCodes.Status200OK || response.Headers.SetCookie.Count > 0) context.AllowCacheStorage = false;
            return ValueTask.CompletedTask;
        }
    }
}

/// <summary>
/// After a save, evicts the cached answers of the modules that declared a saved entity's type
/// (<see cref="CairnModule.CacheEvictedBy"/>): in the save's workspace for its rows, in every workspace for others.
/// </summary>
internal sealed class ModuleCacheEviction(IEnumerable<CairnModule> modules, IServiceProvider services) : SaveChangesInterceptor
{
    // Per entity type, the modules it evicts and, per module, the parts a row evicts (null: the module's every answer).
    private readonly Dictionary<Type, (string Module, Func<object, IEnumerable<string>>? Parts)[]> _modulesByEntity = modules
        .SelectMany(module => module.CacheEvictingEntities.Select(entity => (entity, eviction: (module.Name, module.CacheEvictedParts(entity)))))
        .GroupBy(pair => pair.entity, pair => pair.eviction)
        .ToDictionary(group => group.Key, group => group.Distinct().ToArray());

    // Per context, the tags its pending save will evict.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<DbContext, HashSet<string>> Pending = [];

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

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => Forget(eventData.Context);

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(eventData.Context);
        return Task.CompletedTask;
    }

    // A failed save changed nothing: its tags are not carried into the next save (nor into the next lease of a pooled context).
    internal static void Forget(DbContext? context)
    {
        if (context is not null && Pending.TryGetValue(context, out var tags)) tags.Clear();
    }

    private void Mark(DbContext? context)
    {
        if (context is null || _modulesByEntity.Count == 0) return;
        var db = context as CairnDbContext;
        HashSet<string>? tags = null;
        foreach (var entry in context.ChangeTracker.Entries())
        {
            if (entry.State is EntityState.Unchanged or EntityState.Detached) continue;
            if (!_modulesByEntity.TryGetValue(entry.Metadata.ClrType, out var owners)) continue;
            tags ??= Pending.GetOrCreateValue(context);
            // Rows are written from inside their workspace; anything else (a user, a new workspace) clears every workspace.
            var workspace = entry.Entity is ITenantOwned owned && db?.CurrentTenantId == owned.TenantId ? db.CurrentTenantSlug : null;
            foreach (var (module, parts) in owners)
            {
                if (workspace is null) tags.Add(module);
                else if (parts is null) tags.Add(ModuleOutputCache.TagFor(module, workspace));
                else
                {
                    foreach (var part in parts(entry.Entity)) tags.Add(ModuleOutputCache.TagFor(module, workspace, part));
                    // A changed row may have moved (another article): the parts it showed before go too.
                    if (entry.State == EntityState.Modified)
                        foreach (var part in parts(entry.OriginalValues.ToObject())) tags.Add(ModuleOutputCache.TagFor(module, workspace, part));
                }
            }
        }
    }

    private async ValueTask EvictAsync(DbContext? context, CancellationToken cancellationToken)
    {
        if (context is null || !Pending.TryGetValue(context, out var tags) || tags.Count == 0) return;
        var evicting = tags.ToArray();
        tags.Clear();
        // The data cache first: its versions are what another instance checks before it reads.
        await services.GetRequiredService<Caching.TaggedCache>().InvalidateAsync(evicting);
        var store = services.GetRequiredService<IOutputCacheStore>();
        foreach (var tag in evicting) await store.EvictByTagAsync(tag, cancellationToken);
    }
}
