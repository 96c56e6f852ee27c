using Cairn.Tests.Infrastructure;
using Cairn.Web.Modules.Blog;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

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

    [Fact]
    public void EveryTestThatMigratesDown_DoesSoOnADatabaseOfItsOwn()
    {
        // A test that moves the shared app's database down drops later tables under every other test running then.
        var tests = Path.Combine(RepositoryFiles.Root(), "tests", "Cairn.Tests");
        var migrating = Directory.EnumerateFiles(tests, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(f => File.ReadAllText(f).Contains("IMigrator>()", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(migrating);
        foreach (var file in migrating)
        {
            var text = File.ReadAllText(file);
            var migrators = System.Text.RegularExpressions.Regex.Count(text, @"IMigrator>\(\)");
            var ownApps = System.Text.RegularExpressions.Regex.Count(text, @"new CairnApp\(\)");
            Assert.True(migrators <= ownApps, $"{Path.GetFileName(file)} migrates a database down: give that test an app of its own (new CairnApp()).");
        }
    }

    [Fact]
    public async Task TheOneTagRuleMigration_LowersBlogTagsAndMergesTwinsWithoutLosingALink()
    {
        // A database of its own: migrating down drops the tables of every later migration, with their rows in every
        // workspace (on the suite's shared database this once emptied the demo workspace's recipes, and broke writes
        // that other tests made meanwhile).
        await using var own = new CairnApp();
        await own.InitializeAsync();
        var author = await own.CreateUserAsync(null);
        var workspace = await own.CreateWorkspaceAsync(author.Id);
        var (scope, db) = await own.DbForAsync(workspace);
        await using (scope)
        {
            // Tags as the blog stored them before the rule: case kept, so "Stone" and "stone" are two tags.
            var upper = new Tag { Name = "Stone" };
            var lower = new Tag { Name = "stone" };
            var moss = new Tag { Name = "Moss" };
            Post NewPost(string slug, params Tag[] tags)
            {
                var post = new Post { Slug = slug, Title = slug, AuthorId = author.Id };
                post.Tags.AddRange(tags);
                return post;
            }

            db.Posts.AddRange(NewPost("both", upper, lower), NewPost("upper", upper, moss), NewPost("lower", lower));
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);

            var migrations = db.Database.GetMigrations().ToList();
            var oneTagRule = migrations.FindIndex(m => m.EndsWith("_OneTagRule", StringComparison.Ordinal));
            var migrator = db.GetService<IMigrator>();
            await migrator.MigrateAsync(migrations[oneTagRule - 1], cancellationToken: TestContext.Current.CancellationToken);
            await migrator.MigrateAsync(cancellationToken: TestContext.Current.CancellationToken);
        }

        (scope, db) = await own.DbForAsync(workspace);
        await using (scope)
        {
            var tags = await db.Posts.AsNoTracking().OrderBy(p => p.Slug)
                .Select(p => new { p.Slug, Tags = p.Tags.OrderBy(t => t.Name).Select(t => t.Name).ToList() })
                .ToListAsync(TestContext.Current.CancellationToken);
            Assert.Equal(["both:stone", "lower:stone", "upper:moss,stone"], tags.Select(p => $"{p.Slug}:{string.Join(",", p.Tags)}"));
            Assert.Equal(["moss", "stone"], await db.Tags.OrderBy(t => t.Name).Select(t => t.Name).ToListAsync(TestContext.Current.CancellationToken));
        }
    }
}
