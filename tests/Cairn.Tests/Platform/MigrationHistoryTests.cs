using Cairn.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Cairn.Tests.Platform;

/// <summary>Issue 11, item 2: migrations are frozen history that covers the whole model, on each provider.</summary>
public sealed class MigrationHistoryTests(CairnApp app)
{
    [Fact]
    public async Task TheModel_HasNoChangesThatNoMigrationCovers()
    {
        var (scope, db) = await app.DbForAsync(null);
        await using (scope)
        {
            // What `dotnet ef migrations add` would write now: nothing, or a migration is missing.
            Assert.False(db.Database.HasPendingModelChanges(),
                $"The {db.Database.ProviderName} model has changes that no migration covers: run ./add-migration.sh <Name>.");
        }
    }

    [Fact]
    public void NoMigration_CallsModuleCode()
    {
        // A migration that calls a module's code changes when that code does; history must not.
        var folder = Path.Combine(RepositoryFiles.Root(), "src", "Cairn.Web", "Platform", "Data", "Migrations");
        var calling = Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.EndsWith(".Designer.cs", StringComparison.Ordinal) && !f.EndsWith("ModelSnapshot.cs", StringComparison.Ordinal))
            .Where(f => File.ReadAllText(f).Contains("Cairn.Web.Modules", StringComparison.Ordinal))
            .Select(Path.GetFileName).ToList();
        Assert.Empty(calling);
    }
}
