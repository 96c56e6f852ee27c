using Microsoft.EntityFrameworkCore.Metadata;

namespace Cairn.Web.Platform.Admin;

/// <summary>
/// Every module's admin registrations (<see cref="CairnModule.Admin{TEntity}"/>), found by their addresses.
/// Who may use them is the pages' business (Owners and Admins of the workspace); which of them a workspace sees
/// follows its module switches.
/// </summary>
public sealed class AdminSite(ModuleCatalog catalog)
{
    private readonly Dictionary<(string Module, string Entity), AdminRegistration> _byAddress = Index(catalog.All);

    public IEnumerable<AdminRegistration> All => _byAddress.Values;

    /// <summary>The registrations of the modules that are on in <paramref name="workspace"/>, in module order.</summary>
    public IEnumerable<AdminRegistration> On(string? workspace) =>
        catalog.On(workspace).SelectMany(module => module.AdminRegistrations);

    /// <summary>The registration at <c>/admin/{module}/{entity}/</c> when its module is on in the workspace; else null.</summary>
    public AdminRegistration? Find(string module, string entity, string? workspace) =>
        _byAddress.TryGetValue((module.ToLowerInvariant(), entity.ToLowerInvariant()), out var found) && catalog.IsOn(module.ToLowerInvariant(), workspace)
            ? found
            : null;

    private readonly Dictionary<Type, AdminRegistration> _byEntity = catalog.All.SelectMany(m => m.AdminRegistrations).ToDictionary(r => r.Entity);
    private readonly Lock _preparing = new();
    private volatile bool _prepared;

    /// <summary>The registration of an entity type, whichever module made it; null when none did.</summary>
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
            _prepared = true;
        }
        return this;
    }

    private static Dictionary<(string, string), AdminRegistration> Index(IEnumerable<CairnModule> modules)
    {
        var index = new Dictionary<(string, string), AdminRegistration>();
        foreach (var registration in modules.SelectMany(m => m.AdminRegistrations))
            if (!index.TryAdd((registration.Module, registration.UrlName), registration))
                throw new InvalidOperationException($"Two admin registrations share the address {registration.Path}.");
        return index;
    }
}
