namespace Cairn.Web.Modules.Recipes;

/// <summary>The demo workspace's first recipes: two with ingredients in sections, one rated.</summary>
public sealed class RecipesDemoContent(CairnDbContext db, RecipeForm form) : IDemoContent
{
    public async Task SeedAsync(Guid owner, CancellationToken cancellationToken)
    {
        (RecipeInput Input, int? Stars)[] recipes =
        [
            (new RecipeInput
            {
                Title = "Weeknight tomato soup",
                Summary = "A pantry soup: tinned tomatoes, an onion, twenty minutes.",
                Ingredients = "2 tbsp olive oil\n1 onion, diced\n2 cloves garlic, minced\n2 x 400g cans chopped tomatoes\n500 ml vegetable stock\n1 tsp sugar\nsalt and pepper, to taste",
                Steps = "1. Soften the onion in the oil for 8 minutes.\n2. Add the garlic for a minute, then the tomatoes, stock and sugar.\n3. Simmer for 10 minutes, blend, and season.",
                PrepMinutes = 5, CookMinutes = 20, Servings = 4, Cuisine = "Italian", Diets = [Diets.Vegan, Diets.GlutenFree],
                Visibility = RecipeVisibility.Public,
            }, 5),
            (new RecipeInput
            {
                Title = "Buttermilk pancakes",
                Summary = "Fluffy pancakes for a slow Sunday.",
                Ingredients = "Dry:\n2 cups all-purpose flour\n2 tbsp sugar\n2 tsp baking powder\n½ tsp salt\nWet:\n2 cups buttermilk\n2 large eggs\n¼ cup butter, melted",
                Steps = "1. Whisk the dry ingredients.\n2. Whisk the wet ones, pour them in and stir until just combined.\n3. Cook on a hot buttered pan until bubbles form, then flip.",
                PrepMinutes = 10, CookMinutes = 20, Servings = 4, Cuisine = "American", Diets = [Diets.Vegetarian],
                Visibility = RecipeVisibility.Members,
            }, null),
        ];
        foreach (var (input, stars) in recipes)
        {
            var recipe = new Recipe { Title = input.Title, Slug = "", AuthorId = owner };
            var errors = await form.ApplyAsync(recipe, input, cancellationToken);
            if (errors.Count > 0) throw new InvalidOperationException($"Demo recipe “{input.Title}”: {errors[0].Message}");
            db.Add(recipe);
            await form.SaveAsync(cancellationToken);
            if (stars is { } rating)
            {
                db.Add(new RecipeRating { RecipeId = recipe.Id, UserId = owner, Stars = rating });
                await db.SaveChangesAsync(cancellationToken);
            }
        }
    }
}
