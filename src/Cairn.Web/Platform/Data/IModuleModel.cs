namespace Cairn.Web.Platform.Data;

/// <summary>
/// A module's tables, in its own folder: <see cref="CairnDbContext"/> finds every implementation compiled into
/// the app (as EF Core's <c>ApplyConfigurationsFromAssembly</c> finds entity configurations) and applies it after
/// the platform's own, so no shared file lists the modules' models.
/// </summary>
public interface IModuleModel
{
    void Configure(ModelBuilder model, DatabaseProvider provider);
}
