using Microsoft.EntityFrameworkCore.Metadata;

namespace Cairn.Web.Platform.Admin;

/// <summary>
/// Every admin registration, found by its address: the modules' (<see cref="CairnModule.Admin{TEntity}"/>),
/// which a workspace sees while the module is on there, and the platform's own (<see cref="PlatformAdmin"/>,
/// under <c>/admin/platform/</c>), which platform administrators see. Who may use which is the pages' business.
/// </summary>
public sealed class AdminSite
{
    /// <summary>The first segment of the platform's own entities' addresses (<c>/admin/platform/workspace/</c>).</summary>
    public const string PlatformModule = "platform";

    private readonly ModuleCatalog _catalog;
    private readonly Dictionary<(string Module, string Entity), AdminRegistration> _byAddress = [];
    private readonly Dictionary<Type, AdminRegistration> _byEntity = [];
    private readonly Lock _preparing = new();
    private volatile bool _prepared;

    public AdminSite(ModuleCatalog catalog)
    {
        _catalog = catalog;
        Platform = PlatformAdmin.Registrations();
        foreach (var registration in catalog.All.SelectMany(m => m.AdminRegistrations).Concat(Platform))
        {
            if (!_byAddress.TryAdd((registration.Module, registration.UrlName), registration))
                throw new InvalidOperationException($"Two admin registrations share the address {registration.Path}.");
            if (!_byEntity.TryAdd(registration.Entity, registration))
                throw new InvalidOperationException($"{registration.Entity.Name} is registered twice in the admin site.");
        }
    }

    public IEnumerable<AdminRegistration> All => _byAddress.Values;

    /// <summary>The platform's own registrations: workspaces, users, memberships.</summary>
    public IReadOnlyList<AdminRegistration> Platform { get; }

    /// <summary>The registrations of the modules that are on in <paramref name="workspace"/>, in module order.</summary>
    public IEnumerable<AdminRegistration> On(string? workspace) =>
        _catalog.On(workspace).SelectMany(module => module.AdminRegistrations);

    /// <summary>The registration at <c>/admin/{module}/{entity}/</c>: a platform one, or a module's while the module is on in the workspace; else null.</summary>
    public AdminRegistration? Find(string module, string entity, string? workspace)
    {
        module = module.ToLowerInvariant();
        if (!_byAddress.TryGetValue((module, entity.ToLowerInvariant()), out var found)) return null;
        return found.IsPlatform || _catalog.IsOn(module, workspace) ? found : null;
    }

    /// <summary>The registration of an entity type, whoever made it; null when none did.</summary>
    public AdminRegistration? For(Type entity) => _byEntity.GetValueOrDefault(entity);

    /// <summary>
    /// Reads every registration's form from the model and checks it fits (once; the first admin request does it,
    /// and a test). Throws when a registration does not fit the model.
    /// </summary>
    public AdminSite Prepare(IModel model)
    {
        if (_prepared) return this;
        lock (_preparing)
        {
            if (_prepared) return this;
            foreach (var registration in All) registration.Prepare(model, this);
            foreach (var registration in All) registration.PrepareInlines(model, this);
            _prepared = true;
        }
        return this;
    }
}
