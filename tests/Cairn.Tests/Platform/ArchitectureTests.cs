using NetArchTest.Rules;

namespace Cairn.Tests.Platform;

/// <summary>
/// Issue 11: the boundaries the layout promises, read from the compiled code. Platform knows no module; a module
/// knows the platform and no other module (Modules/Shared, the layout and its navigation, is for all of them).
/// </summary>
public sealed class ArchitectureTests
{
    private const string Platform = "Cairn.Web.Platform";
    private const string ModulesRoot = "Cairn.Web.Modules";
    private const string Shared = "Cairn.Web.Modules.Shared";

    private static readonly System.Reflection.Assembly Web = typeof(Program).Assembly;

    /// <summary>Every module's namespace (Cairn.Web.Modules.X), from the types compiled into the app.</summary>
    private static List<string> ModuleNamespaces() =>
        Web.GetTypes().Select(t => t.Namespace).OfType<string>()
            .Where(n => n.StartsWith(ModulesRoot + ".", StringComparison.Ordinal))
            .Select(n => string.Join('.', n.Split('.').Take(4))).Distinct().Order().ToList();

    public static TheoryData<string> Modules() => new(ModuleNamespaces());

    private static string Failing(NetArchTest.Rules.TestResult result) =>
        string.Join(", ", result.FailingTypeNames ?? []);

    [Fact]
    public void ThePlatform_ReferencesNoModule()
    {
        var result = Types.InAssembly(Web).That().ResideInNamespaceStartingWith(Platform)
            .ShouldNot().HaveDependencyOnAny(ModulesRoot, "Cairn.Web.InstalledModules").GetResult();
        Assert.True(result.IsSuccessful, $"Platform types that reference modules: {Failing(result)}");
    }

    [Theory]
    [MemberData(nameof(Modules))]
    public void AModule_ReferencesNoOtherModule(string module)
    {
        var others = ModuleNamespaces().Where(m => m != module && m != Shared).ToArray();
        var result = Types.InAssembly(Web).That().ResideInNamespaceStartingWith(module + ".").Or().ResideInNamespace(module)
            .ShouldNot().HaveDependencyOnAny(others).GetResult();
        Assert.True(result.IsSuccessful, $"Types of {module} that reference other modules: {Failing(result)}");
    }

    [Fact]
    public void TheRuleSeesModules()
    {
        // Guard against a rule that passes because it looks at nothing.
        Assert.Contains("Cairn.Web.Modules.Blog", ModuleNamespaces());
        Assert.Contains("Cairn.Web.Modules.Tasks", ModuleNamespaces());
    }

    [Fact]
    public void EveryModuleEntity_IsConfiguredByOneConfigurationInItsOwnModule()
    {
        // Issue 11, item 2: one IEntityTypeConfiguration<T> per entity, next to the entity, none in Platform.
        var configured = Cairn.Web.Platform.Data.ModuleEntityConfigurations.Types
            .SelectMany(type => type.GetInterfaces()
                .Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(Microsoft.EntityFrameworkCore.IEntityTypeConfiguration<>))
                .Select(i => (Configuration: type, Entity: i.GetGenericArguments()[0])))
            .ToList();
        Assert.Contains(configured, c => c.Entity.Name == "Post");
        Assert.Contains(configured, c => c.Entity.Name == "TaskItem");
        foreach (var (configuration, entity) in configured) Assert.Equal(entity.Namespace, configuration.Namespace);
        Assert.Equal(configured.Count, configured.Select(c => c.Entity).Distinct().Count());
    }
}
