using System.Reflection;

namespace Cairn.Web.Platform.Data;

/// <summary>
/// Finds the modules' entity configurations: every <c>IEntityTypeConfiguration&lt;T&gt;</c> compiled into the app
/// outside Platform, one per entity in the module's folder, as EF Core's <c>ApplyConfigurationsFromAssembly</c>
/// finds them. A configuration that differs per database (a PostgreSQL-only index or column) takes a
/// <see cref="DatabaseProvider"/> in its constructor; the others have none. Applied after the platform's own
/// tables, ordered by name, so that the model is built the same way each time.
/// </summary>
public static class ModuleEntityConfigurations
{
    private static readonly MethodInfo ApplyConfiguration = typeof(ModelBuilder).GetMethods()
        .Single(m => m.Name == nameof(ModelBuilder.ApplyConfiguration)
            && m.GetParameters()[0].ParameterType.GetGenericTypeDefinition() == typeof(IEntityTypeConfiguration<>));

    private static readonly Lazy<(Type Configuration, Type Entity)[]> Found = new(() =>
    [
        .. typeof(ModuleEntityConfigurations).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false, IsGenericTypeDefinition: false }
                && t.Namespace?.StartsWith("Cairn.Web.Modules", StringComparison.Ordinal) == true)
            .SelectMany(t => t.GetInterfaces()
                .Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEntityTypeConfiguration<>))
                .Select(i => (Configuration: t, Entity: i.GetGenericArguments()[0])))
            .OrderBy(found => found.Configuration.FullName, StringComparer.Ordinal),
    ]);

    /// <summary>The configurations found, for tests and docs.</summary>
    public static IEnumerable<Type> Types => Found.Value.Select(found => found.Configuration).Distinct();

    public static void Apply(ModelBuilder builder, DatabaseProvider provider)
    {
        foreach (var (configuration, entity) in Found.Value)
        {
            var withProvider = configuration.GetConstructor(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance, [typeof(DatabaseProvider)]);
            var instance = withProvider is not null
                ? withProvider.Invoke([provider])
                : Activator.CreateInstance(configuration, nonPublic: true)
                    ?? throw new InvalidOperationException($"{configuration.Name} needs a constructor without parameters or with a DatabaseProvider.");
            ApplyConfiguration.MakeGenericMethod(entity).Invoke(builder, [instance]);
        }
    }
}
