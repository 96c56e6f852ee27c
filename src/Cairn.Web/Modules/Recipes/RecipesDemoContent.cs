namespace Cairn.Web.Modules.Recipes;

/// <summary>
/// The demo workspace's first recipes: two with ingredients in sections and a photo each (drawn here, then put
/// through the same photo pipeline as an upload), one rated, and the soup on the owner's shopping list.
/// </summary>
public sealed class RecipesDemoContent(CairnDbContext db, RecipeForm form, RecipePhotoSaver photos, ShoppingLists shopping) : IDemoContent
{
    public async Task SeedAsync(Guid owner, CancellationToken cancellationToken)
    {
        (RecipeInput Input, int? Stars, SkiaSharp.SKColor Colour)[] recipes =
        [
            (new RecipeInput
            {
                Title = "Weeknight tomato soup",
                Summary = "A pantry soup: tinned tomatoes, an onion, twenty minutes.",
                Ingredients = "2 tbsp olive oil\n1 onion, diced\n2 cloves garlic, minced\n2 x 400g cans chopped tomatoes\n500 ml vegetable stock\n1 tsp sugar\nsalt and pepper, to taste",
                Steps = "1. Soften the onion in the oil for 8 minutes.\n2. Add the garlic for a minute, then the tomatoes, stock and sugar.\n3. Simmer for 10 minutes, blend, and season.",
                PrepMinutes = 5, CookMinutes = 20, Servings = 4, Cuisine = "Italian", Diets = [Diets.Vegan, Diets.GlutenFree],
                Visibility = RecipeVisibility.Public,
            }, 5, new SkiaSharp.SKColor(0xC8, 0x3A, 0x22)),
            (new RecipeInput
            {
                Title = "Buttermilk pancakes",
                Summary = "Fluffy pancakes for a slow Sunday.",
                Ingredients = "Dry:\n2 cups all-purpose flour\n2 tbsp sugar\n2 tsp baking powder\n½ tsp salt\nWet:\n2 cups buttermilk\n2 large eggs\n¼ cup butter, melted",
                Steps = "1. Whisk the dry ingredients.\n2. Whisk the wet ones, pour them in and stir until just combined.\n3. Cook on a hot buttered pan until bubbles form, then flip.",
                PrepMinutes = 10, CookMinutes = 20, Servings = 4, Cuisine = "American", Diets = [Diets.Vegetarian],
                Visibility = RecipeVisibility.Members,
            }, null, new SkiaSharp.SKColor(0xE8, 0xB8, 0x5C)),
        ];
        Recipe? soup = null;
        foreach (var (input, stars, colour) in recipes)
        {
            var recipe = new Recipe { Title = input.Title, Slug = "", AuthorId = owner };
            var errors = await form.ApplyAsync(recipe, input, cancellationToken);
            if (errors.Count > 0) throw new InvalidOperationException($"Demo recipe “{input.Title}”: {errors[0].Message}");
            db.Add(recipe);
            var picture = Plate(colour);
            await using var stream = new MemoryStream(picture);
            var error = await photos.AddAndSaveAsync(recipe, [new FormFile(stream, 0, picture.Length, "Photos", "demo.jpg")], () => form.SaveAsync(cancellationToken), cancellationToken);
            if (error is not null) throw new InvalidOperationException($"Demo recipe “{input.Title}”: {error}");
            soup ??= recipe;
            if (stars is { } rating)
            {
                db.Add(new RecipeRating { RecipeId = recipe.Id, UserId = owner, Stars = rating });
                await db.SaveChangesAsync(cancellationToken);
            }
        }

        var list = new ShoppingList { OwnerId = owner };
        db.Add(list);
        await db.SaveChangesAsync(cancellationToken);
        await shopping.AddAsync(list.Id, ShoppingLists.LinesOf(soup!, 1), cancellationToken);
    }

    /// <summary>A plate seen from above: a bowl of <paramref name="colour"/> on a linen cloth, as a JPEG.</summary>
    private static byte[] Plate(SkiaSharp.SKColor colour)
    {
        using var bitmap = new SkiaSharp.SKBitmap(800, 600);
        using (var canvas = new SkiaSharp.SKCanvas(bitmap))
        {
            canvas.Clear(new SkiaSharp.SKColor(0xF3, 0xEE, 0xE4));
            using var rim = new SkiaSharp.SKPaint { Color = SkiaSharp.SKColors.White, IsAntialias = true };
            using var food = new SkiaSharp.SKPaint { Color = colour, IsAntialias = true };
            canvas.DrawCircle(400, 300, 240, rim);
            canvas.DrawCircle(400, 300, 190, food);
        }

        using var image = SkiaSharp.SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SkiaSharp.SKEncodedImageFormat.Jpeg, 85);
        return data.ToArray();
    }
}
