using System.ComponentModel.DataAnnotations;

namespace Cairn.Web.Platform.Modules;

/// <summary>Who sees a navigation entry.</summary>
public enum NavigationAudience
{
    /// <summary>Everyone, signed in or not.</summary>
    Everyone,

    /// <summary>Members of the current workspace (any role).</summary>
    Members,

    /// <summary>Owners and Admins of the current workspace.</summary>
    Admins,
}

/// <summary>One entry of the top navigation: a label, its page, its place (lower first) and who sees it.</summary>
public sealed record NavigationEntry(string Label, string Path, int Order, NavigationAudience Audience);

/// <summary>
/// A module's sample content for the demo workspace, made once on first run (unless <c>Cairn:SeedDemoData</c> is
/// false) so that a newcomer sees every module at work. Runs in the demo workspace, as <paramref name="owner"/>.
/// </summary>
public interface IDemoContent
{
    Task SeedAsync(Guid owner, CancellationToken cancellationToken);
}

/// <summary>A view component the top navigation shows beside the account (a module's bell), and who sees it.</summary>
public sealed record HeaderComponent(string ViewComponent, NavigationAudience Audience);

/// <summary>An OpenAPI tag the module's endpoints use, with its description.</summary>
public sealed record ApiTag(string Name, string Description);

/// <summary>A link emails may offer a member (the welcome email lists them): a label and a path in the workspace.</summary>
public sealed record EmailLink(string Label, string Path);

/// <summary>
/// What one module adds to the platform, declared in the module's own folder (<see cref="ModuleExtensions.AddCairnModule"/>):
/// the platform reads these instead of naming modules in shared files.
/// </summary>
public sealed class CairnModule(string name)
{
    private readonly List<NavigationEntry> _navigation = [];
    private readonly List<HeaderComponent> _headerComponents = [];
    private readonly List<ApiTag> _apiTags = [];
    private readonly List<EmailLink> _emailLinks = [];
    private readonly List<string> _paths = [];
    private readonly List<Admin.AdminRegistration> _admin = [];
    private readonly List<Type> _sitemapSources = [];
    private readonly List<Type> _demoContent = [];
    private readonly List<Type> _cacheEvictingEntities = [];

    /// <summary>The module's name: lower case, the word for it in configuration (<c>Cairn:Modules:Off:{workspace}</c>).</summary>
    public string Name { get; } = name;

    public IReadOnlyList<NavigationEntry> NavigationEntries => _navigation;
    public IReadOnlyList<HeaderComponent> HeaderComponents => _headerComponents;
    public IReadOnlyList<ApiTag> ApiTags => _apiTags;
    public IReadOnlyList<EmailLink> EmailLinks => _emailLinks;

    /// <summary>The address prefixes of its pages and API: a workspace where the module is off answers 404 on them.</summary>
    public IReadOnlyList<string> Paths => _paths;

    /// <summary>Entities the module offers to the admin site.</summary>
    public IReadOnlyList<Type> AdminEntities => [.. _admin.Select(a => a.Entity)];

    /// <summary>How the module offers each of them (<see cref="Admin{TEntity}"/>).</summary>
    public IReadOnlyList<Admin.AdminRegistration> AdminRegistrations => _admin;

    /// <summary>Its <see cref="Web.ISitemapSource"/> types (resolved per request, from the request's scope).</summary>
    public IReadOnlyList<Type> SitemapSources => _sitemapSources;

    /// <summary>Its <see cref="IDemoContent"/> types, run in the demo workspace on first run.</summary>
    public IReadOnlyList<Type> DemoContent => _demoContent;

    /// <summary>The entity types whose saved changes evict the module's cached answers (<see cref="Web.ModuleOutputCache"/>).</summary>
    public IReadOnlyList<Type> CacheEvictingEntities => _cacheEvictingEntities;
    private readonly Dictionary<Type, Func<object, IEnumerable<string>>> _cacheEvictedParts = [];

    public CairnModule Navigation(string label, string path, int order, NavigationAudience audience = NavigationAudience.Everyone)
    {
        _navigation.Add(new(label, path, order, audience));
        return this;
    }

    /// <summary>Shows the view component named <paramref name="viewComponent"/> in the top navigation, to <paramref name="audience"/>.</summary>
    public CairnModule HeaderComponent(string viewComponent, NavigationAudience audience)
    {
        _headerComponents.Add(new(viewComponent, audience));
        return this;
    }

    public CairnModule ApiTag(string name, string description)
    {
        _apiTags.Add(new(name, description));
        return this;
    }

    public CairnModule EmailLink(string label, string path)
    {
        _emailLinks.Add(new(label, path));
        return this;
    }

    /// <summary>Claims the addresses under each prefix (<c>/tasks</c> owns <c>/tasks</c> and <c>/tasks/…</c>, not <c>/tasksx</c>).</summary>
    public CairnModule Owns(params string[] prefixes)
    {
        _paths.AddRange(prefixes.Select(p => p.TrimEnd('/')));
        return this;
    }

    public CairnModule Sitemap<TSource>() where TSource : class, ISitemapSource
    {
        _sitemapSources.Add(typeof(TSource));
        return this;
    }

    public CairnModule Demo<TContent>() where TContent : class, IDemoContent
    {
        _demoContent.Add(typeof(TContent));
        return this;
    }

    /// <summary>
    /// Offers a workspace-owned entity to the admin site (<c>/admin/{module}/{entity}/</c>), configured the way a
    /// Django app's <c>admin.py</c> configures a model: columns, search fields, its name.
    /// </summary>
    public CairnModule Admin<TEntity>(Action<Admin.AdminFor<TEntity>> configure) where TEntity : class, ITenantOwned
    {
        var registration = new Admin.AdminFor<TEntity>(Name);
        configure(registration);
        _admin.Add(registration);
        return this;
    }

    /// <summary>
    /// Saved changes to rows of these types evict the answers the module cached with
    /// <see cref="Web.ModuleOutputCache.CacheReads{TBuilder}"/>: in the row's workspace, or in every workspace for rows
    /// that belong to none (a user's name shown on every workspace's posts).
    /// </summary>
    public CairnModule CacheEvictedBy(params Type[] entities)
    {
        _cacheEvictingEntities.AddRange(entities);
        return this;
    }

    /// <summary>
    /// Saved rows of <typeparamref name="TEntity"/> evict only the answers that declared, with
    /// <see cref="Web.ModuleOutputCache.DependsOn"/>, one of the parts <paramref name="parts"/> names for the row (a
    /// changed row: for its values before and after). Rows that belong to no workspace still evict every answer.
    /// </summary>
    public CairnModule CacheEvictedBy<TEntity>(Func<TEntity, IEnumerable<string>> parts) where TEntity : class
    {
        _cacheEvictingEntities.Add(typeof(TEntity));
        _cacheEvictedParts[typeof(TEntity)] = row => parts((TEntity)row);
        return this;
    }

    /// <summary>The parts of the module's answers a saved row of <paramref name="entity"/> evicts; null when it evicts them all.</summary>
    public Func<object, IEnumerable<string>>? CacheEvictedParts(Type entity) => _cacheEvictedParts.GetValueOrDefault(entity);

    public bool OwnsPath(PathString path) =>
        _paths.Any(prefix => path.StartsWithSegments(prefix, StringComparison.OrdinalIgnoreCase));
}

/// <summary>The <c>Cairn:Modules</c> section: which modules are off in which workspace (the SaaS plans will set this later).</summary>
public sealed class ModuleOptions
{
    public const string Section = "Cairn:Modules";

    /// <summary>Per workspace slug, the names of the modules that are off there, e.g. <c>Cairn:Modules:Off:acme = "tasks"</c>.</summary>
    public Dictionary<string, string> Off { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}

/// <summary>Every installed module's declarations, and whether a module is on in a workspace.</summary>
public sealed class ModuleCatalog(IEnumerable<CairnModule> modules, IOptionsMonitor<ModuleOptions> options)
{
    // The switches as sets, parsed once per version of the options (asked on requests to a module's addresses).
    // A reference, swapped whole: requests on other threads see the old sets or the new, never half of each.
    private sealed record Parsed(ModuleOptions Source, Dictionary<string, HashSet<string>> Off);

    private Parsed? _parsed;

    public IReadOnlyList<CairnModule> All { get; } = [.. modules];

    public bool IsOn(CairnModule module, string? workspace) =>
        workspace is null || !OffByWorkspace().TryGetValue(workspace, out var off) || !off.Contains(module.Name);

    private Dictionary<string, HashSet<string>> OffByWorkspace()
    {
        var current = options.CurrentValue;
        if (_parsed is { } parsed && ReferenceEquals(parsed.Source, current)) return parsed.Off;
        var off = current.Off.ToDictionary(
            entry => entry.Key,
            entry => entry.Value.Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.OrdinalIgnoreCase),
            StringComparer.OrdinalIgnoreCase);
        _parsed = new Parsed(current, off);
        return off;
    }

    public bool IsOn(string module, string? workspace) => All.FirstOrDefault(m => m.Name == module) is not { } found || IsOn(found, workspace);

    /// <summary>The modules that are on in <paramref name="workspace"/>.</summary>
    public IEnumerable<CairnModule> On(string? workspace) => All.Where(m => IsOn(m, workspace));

    /// <summary>The module that owns <paramref name="path"/>, if any.</summary>
    public CairnModule? Owner(PathString path) => All.FirstOrDefault(m => m.OwnsPath(path));
}

public static class ModuleExtensions
{
    /// <summary>
    /// Declares a module: <paramref name="declare"/> lists what it adds (navigation, API tags, email links, its
    /// addresses, admin entities). Modules call this once, from their own <c>AddX</c>.
    /// </summary>
    public static CairnModule AddCairnModule(this IHostApplicationBuilder builder, string name, Action<CairnModule> declare)
    {
        var module = new CairnModule(name);
        declare(module);
        builder.Services.AddSingleton(module);
        foreach (var source in module.SitemapSources.Concat(module.DemoContent)) builder.Services.AddScoped(source);
        return module;
    }

    /// <summary>
    /// Binds a module's options to <c>Cairn:{Section}</c> (one convention: <c>Cairn:Blog</c>, <c>Cairn:Tasks</c>),
    /// validated by their data annotations when the app starts, so a bad value stops start-up with its name.
    /// </summary>
    public static OptionsBuilder<TOptions> AddModuleOptions<TOptions>(this IHostApplicationBuilder builder, string section) where TOptions : class =>
        builder.Services.AddOptions<TOptions>().BindConfiguration($"Cairn:{section}").ValidateDataAnnotations().ValidateOnStart();

    public static IHostApplicationBuilder AddCairnModules(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<ModuleOptions>(builder.Configuration.GetSection(ModuleOptions.Section));
        builder.Services.AddSingleton<ModuleCatalog>();
        return builder;
    }

    /// <summary>After tenancy: the pages and API of a module that is off in this workspace answer 404.</summary>
    public static IApplicationBuilder UseCairnModuleSwitches(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var catalog = context.RequestServices.GetRequiredService<ModuleCatalog>();
        if (catalog.Owner(context.Request.Path) is { } module
            && !catalog.IsOn(module, context.RequestServices.GetRequiredService<ITenantContext>().Current?.Slug))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        await next(context);
    });
}
