using System.Diagnostics;
using System.Globalization;
using Cairn.Web.Platform.Commands;

namespace Cairn.Web.Modules.Recipes;

/// <summary>
/// <c>recipes seed --workspace W --count N</c>: fills a workspace with realistic recipes for trying the filters and
/// for bench/recipes.sh. Makes <c>--users</c> members (<c>seed1@W.example.test</c> …), then N recipes by them:
/// 5 to 12 ingredients from a pool of real lines (parsed as the form parses them), a cuisine, diets, times, servings;
/// 70 % for the workspace, 20 % public, 10 % private; two in three rated by up to five members. Repeatable: the
/// same <c>--random-seed</c> gives the same recipes.
/// </summary>
public sealed class RecipeSeedCommand : IManagementCommand
{
    private static readonly string[] Dishes = ["soup", "stew", "curry", "salad", "pie", "risotto", "tart", "bread", "pasta", "tagine", "chili", "noodles", "pancakes", "cake", "traybake", "gratin", "stir-fry", "frittata", "dal", "burgers"];
    private static readonly string[] Words = ["Smoky", "Lemony", "Weeknight", "Sunday", "Spiced", "Green", "Golden", "Roasted", "Quick", "Slow-cooked", "Crispy", "Herby", "Creamy", "Fiery", "Simple", "Summer", "Winter", "Garlicky"];
    private static readonly string[] Cuisines = ["Italian", "Indian", "Mexican", "Thai", "French", "Moroccan", "Japanese", "Greek", "American", "British", "Chinese", "Spanish", "Lebanese", "Korean"];
    private static readonly string[] Pool =
    [
        "2 tbsp olive oil", "1 onion, diced", "3 cloves garlic, minced", "1 tsp ground cumin", "400g can chopped tomatoes", "500 ml vegetable stock",
        "2 cups all-purpose flour", "1 tsp baking powder", "½ tsp salt", "200 g unsalted butter, softened", "3 large eggs", "1 cup whole milk",
        "500 g chicken thighs", "1 lb ground beef", "250 g spaghetti", "300 g arborio rice", "1 red pepper, sliced", "2 carrots, grated",
        "1 lemon, juiced", "a handful of basil leaves", "100 g feta cheese, crumbled", "2 cups baby spinach", "1 can coconut milk",
        "2 tbsp soy sauce", "1 tbsp honey", "1 tsp chilli flakes", "200 g chickpeas", "150 g red lentils", "1 sweet potato, cubed",
        "250 g mushrooms, sliced", "2 courgettes, sliced", "1 bunch spring onions", "100 g peanuts", "50 g walnuts, chopped",
        "400 g salmon fillet", "300 g prawns", "1 tsp smoked paprika", "2 tsp garam masala", "1 cup brown sugar", "200 g dark chocolate",
        "1 tbsp fresh ginger, grated", "2 limes", "1 bunch fresh coriander", "salt and pepper, to taste", "500 g potatoes, peeled",
        "1 tbsp dijon mustard", "200 ml double cream", "100 g parmesan, grated", "1 aubergine, cubed", "2 tomatoes, chopped",
    ];

    public string Name => "recipes";

    public string Usage => """
          recipes seed --workspace W [--count 10000] [--users 10] [--password P] [--random-seed 1]
                                                         fill workspace W with realistic recipes (for trying and benchmarks)
        """;

    public IReadOnlyList<string> Options => ["count", "users", "password", "random-seed"];

    public int MaxPositionals => 1;

    public bool ActsInWorkspace => true;

    public async Task<int> RunAsync(IServiceProvider services, CommandLine command, TextWriter output, TextWriter error)
    {
        if (command.Positional.FirstOrDefault() != "seed") throw new CommandLineException("recipes needs a subcommand: recipes seed --workspace W");
        var tenant = services.GetRequiredService<ITenantContext>().Workspace();
        var count = command.Number("count", 10_000, 0, 1_000_000);
        var random = new Random(command.Number("random-seed", 1, 0, int.MaxValue));
        var password = command.Option("password") ?? $"seed-{Guid.NewGuid():N}"[..21];
        var clock = Stopwatch.StartNew();
        var (members, problem) = await SeedMembers.EnsureAsync(services, tenant, command.Number("users", 10, 1, 1000), password);
        if (problem is not null)
        {
            await error.WriteLineAsync($"error: {problem}");
            return 1;
        }

        var parsed = Pool.Select(IngredientParser.Parse).ToArray();
        var db = services.GetRequiredService<CairnDbContext>();
        var taken = (await db.Set<Recipe>().Select(r => r.Slug).ToListAsync()).ToHashSet();
        var now = DateTime.UtcNow;
        const int batch = 1000;
        for (var done = 0; done < count; done += batch)
        {
            db.ChangeTracker.Clear();
            var recipes = new List<Recipe>();
            for (var i = done; i < Math.Min(count, done + batch); i++)
            {
                var title = $"{Words[random.Next(Words.Length)]} {Dishes[random.Next(Dishes.Length)]}";
                var slug = Slugs.Unique(Slugs.From(title, "recipe"), taken);
                taken.Add(slug);
                var created = now.AddMinutes(-random.Next(365 * 24 * 60));
                var prep = 5 * random.Next(1, 9);
                var cook = 5 * random.Next(0, 25);
                var recipe = new Recipe
                {
                    Title = title, Slug = slug, AuthorId = members[random.Next(members.Count)],
                    Summary = $"A {title.ToLowerInvariant()} for {random.Next(2, 9)} people, from the seed command.",
                    Steps = "1. Prepare the ingredients.\n2. Cook them.\n3. Serve.",
                    StepsHtml = "<ol>\n<li>Prepare the ingredients.</li>\n<li>Cook them.</li>\n<li>Serve.</li>\n</ol>\n",
                    PrepMinutes = prep, CookMinutes = cook, TotalMinutes = prep + cook, Servings = random.Next(1, 9) * 2,
                    Cuisine = Cuisines[random.Next(Cuisines.Length)], Diets = (Diets)random.Next(0, 512) & (Diets)random.Next(0, 512) & (Diets)random.Next(0, 512),
                    CreatedAt = created, UpdatedAt = created, PublishedAt = created,
                    Visibility = random.Next(10) switch { 0 => RecipeVisibility.Private, < 3 => RecipeVisibility.Public, _ => RecipeVisibility.Members },
                };
                recipe.CuisineKey = recipe.Cuisine.ToLowerInvariant();
                recipe.SetIngredients(parsed.OrderBy(_ => random.Next()).Take(random.Next(5, 13)).Select(p => ("", p)));
                recipes.Add(recipe);
            }

            db.AddRange(recipes);
            await db.SaveChangesAsync();
            foreach (var recipe in recipes.Where(_ => random.Next(3) > 0))
                foreach (var rater in members.OrderBy(_ => random.Next()).Take(random.Next(1, Math.Min(5, members.Count) + 1)))
                    db.Add(new RecipeRating { RecipeId = recipe.Id, UserId = rater, Stars = random.Next(1, 6), UpdatedAt = now });
            await db.SaveChangesAsync();
            if ((done / batch) % 5 == 4) await output.WriteLineAsync($"  {done + batch:N0} recipes…");
        }

        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"Seeded {count:N0} recipes by {members.Count} members of '{tenant.Slug}' in {clock.Elapsed.TotalSeconds:F1} s. Members sign in as seed1@{tenant.Slug}.example.test (an Admin) … seed{members.Count}@{tenant.Slug}.example.test with password {password}"));
        return 0;
    }
}
