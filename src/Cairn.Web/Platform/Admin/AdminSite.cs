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

    /// <summary>Checks every registration against the model (at start-up and in a test).</summary>
    public void Validate(IModel model)
    {
        foreach (var registration in All) registration.Validate(model);
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
