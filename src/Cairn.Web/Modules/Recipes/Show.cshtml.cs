using Microsoft.AspNetCore.Mvc;

namespace Cairn.Web.Modules.Recipes;

/// <summary>One ingredient line as the page shows it: scaled and converted, with the line as written beside it when they differ.</summary>
public sealed record ShownIngredient(string Section, string Line, ShownAmount? Amount, string Food, string Note)
{
    public bool Changed => Amount is not null;
}

/// <summary>A comment as the page shows it.</summary>
public sealed record CommentView(int Id, string AuthorName, Guid AuthorId, string Body, DateTime CreatedAt);

/// <summary>
/// <c>/recipes/{slug}</c>: one recipe, scaled to <c>?servings=</c> and shown in <c>?units=metric|us</c> (as written
/// otherwise). An old address redirects to the current one; recipes the reader may not see are 404 (the login page
/// for a members' recipe, to a visitor).
/// </summary>
public sealed class ShowModel(RecipeAccess access, CairnDbContext db, TimeProvider clock, ShoppingLists shopping, UserClock userClock, RecipeCollections collections, RecipeCache cache) : RecipesPageModel(access)
{
    public const int MaxComments = 200;

    private IReadOnlyList<CommentView> _comments = [];

    public Recipe Recipe { get; private set; } = null!;
    public int Servings { get; private set; }
    public UnitMode Units { get; private set; }
    public IReadOnlyList<ShownIngredient> Ingredients { get; private set; } = [];
    public IReadOnlyList<CommentView> Comments { get; private set; } = [];
    public int? MyRating { get; private set; }
    public bool IsFavourite { get; private set; }
    public bool CanEdit { get; private set; }
    public bool IsAdmin { get; private set; }

    [BindProperty]
    public string? CommentBody { get; set; }

    public bool Scaled => Servings != Recipe.Servings || Units != UnitMode.Original;

    /// <summary>The shopping lists this reader may add to, besides their own (their households'), by owner's name.</summary>
    public IReadOnlyList<(int Id, string Owner)> HouseholdLists { get; private set; } = [];

    /// <summary>The reader's collections, for the "add to collection" form.</summary>
    public IReadOnlyList<CollectionView> MyCollections { get; private set; } = [];

    /// <summary>Today in the reader's time zone: the meal plan form's first day.</summary>
    public DateOnly Today => DateOnly.FromDateTime(userClock.ToLocal(userClock.UtcNow));

    public async Task<IActionResult> OnGetAsync(string slug, int? servings, string? units, CancellationToken cancellationToken)
    {
        if (await LoadAsync(slug, cancellationToken) is { } answer) return answer;
        Servings = servings is >= 1 and <= Recipe.MaxServings ? servings.Value : Recipe.Servings;
        Units = units?.ToLowerInvariant() switch { "metric" => UnitMode.Metric, "us" => UnitMode.Us, _ => UnitMode.Original };
        var factor = (double)Servings / Recipe.Servings;
        Ingredients = [.. Recipe.Ingredients.OrderBy(i => i.Position).Select(i =>
        {
            var amount = factor == 1 && Units == UnitMode.Original ? null : Measures.Show(i.Quantity, i.QuantityMax, i.Unit, i.Food, factor, Units);
            // Neither scaled nor converted: the line as written says it best.
            if (amount is { Converted: false } && factor == 1) amount = null;
            return new ShownIngredient(i.Section, i.Line, amount, i.Food, i.Note);
        })];
        // /recipes/{slug}/print: the same recipe, alone on the page.
        if (Request.Path.Value!.EndsWith("/print", StringComparison.Ordinal)) return Partial("_PrintRecipe", this);
        await LoadCommentsAndMineAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostRateAsync(string slug, int stars, CancellationToken cancellationToken)
    {
        if (await LoadAsync(slug, cancellationToken, forWriting: true) is { } answer) return answer;
        if (stars is < 1 or > 5) return BadRequest();
        await RecipeReactions.RateAsync(db, cache, Recipe.Id, Access.UserId!.Value, stars, clock.GetUtcNow().UtcDateTime, cancellationToken);
        Flash($"You rated “{Recipe.Title}” {stars} out of 5.");
        return Redirect($"/recipes/{Recipe.Slug}");
    }

    public async Task<IActionResult> OnPostFavouriteAsync(string slug, CancellationToken cancellationToken)
    {
        if (await LoadAsync(slug, cancellationToken, forWriting: true) is { } answer) return answer;
        var me = Access.UserId!.Value;
        var removed = await RecipeReactions.DropFavouriteAsync(db, Recipe.Id, me, cancellationToken);
        if (!removed) await RecipeReactions.KeepFavouriteAsync(db, Recipe.Id, me, clock.GetUtcNow().UtcDateTime, cancellationToken);
        Flash(!removed ? $"“{Recipe.Title}” is in your favourites." : $"“{Recipe.Title}” left your favourites.");
        return Redirect($"/recipes/{Recipe.Slug}");
    }

    /// <summary>Adds the ingredients, scaled to <paramref name="servings"/>, to the reader's list (or a household's they are in).</summary>
    public async Task<IActionResult> OnPostShopAsync(string slug, int servings, int? list, CancellationToken cancellationToken)
    {
        if (await LoadAsync(slug, cancellationToken, forWriting: true) is { } answer) return answer;
        if (servings is < 1 or > Recipe.MaxServings) servings = Recipe.Servings;
        var (target, _) = await shopping.ChooseAsync(list, cancellationToken);
        if (target is null) return NotFound();
        var lines = ShoppingLists.LinesOf(Recipe, (double)servings / Recipe.Servings).ToList();
        await shopping.AddAsync(target.Id, lines, cancellationToken);
        Flash($"{lines.Count} {(lines.Count == 1 ? "ingredient" : "ingredients")} of “{Recipe.Title}” for {servings} added to the shopping list.");
        return Redirect($"/recipes/{Recipe.Slug}{(servings != Recipe.Servings ? $"?servings={servings}" : "")}");
    }

    /// <summary>Puts the recipe on a day of the reader's meal plan (or a household's they are in).</summary>
    public async Task<IActionResult> OnPostPlanAsync(string slug, DateOnly? day, int servings, int? list, CancellationToken cancellationToken)
    {
        if (await LoadAsync(slug, cancellationToken, forWriting: true) is { } answer) return answer;
        if (day is not { Year: >= 2000 and <= 2999 } date) return BadRequest();
        if (servings is < 1 or > Recipe.MaxServings) servings = Recipe.Servings;
        var (target, _) = await shopping.ChooseAsync(list, cancellationToken);
        if (target is null) return NotFound();
        db.Add(new MealPlanEntry { ListId = target.Id, Day = date, RecipeId = Recipe.Id, Servings = servings, AddedById = Access.UserId!.Value });
        await db.SaveChangesAsync(cancellationToken);
        Flash($"“{Recipe.Title}” planned for {date.ToString("dddd d MMMM", System.Globalization.CultureInfo.InvariantCulture)}.");
        return Redirect($"/recipes/plan?week={date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)}{(target.OwnerId == Access.UserId ? "" : $"&list={target.Id}")}");
    }

    /// <summary>Puts the recipe in one of the reader's collections, or in a new one named <paramref name="name"/>.</summary>
    public async Task<IActionResult> OnPostCollectAsync(string slug, int? collection, string? name, CancellationToken cancellationToken)
    {
        if (await LoadAsync(slug, cancellationToken, forWriting: true) is { } answer) return answer;
        RecipeCollection? target;
        if (collection is { } id) target = await collections.FindAsync(id, cancellationToken);
        else
        {
            (target, var error) = await collections.CreateAsync(name, cancellationToken);
            if (error is not null)
            {
                TempData.Error(error);
                return Redirect($"/recipes/{Recipe.Slug}");
            }
        }

        if (target is null) return NotFound();
        await collections.AddAsync(target, Recipe.Id, cancellationToken);
        Flash($"“{Recipe.Title}” is in your collection “{target.Name}”.");
        return Redirect($"/recipes/{Recipe.Slug}");
    }

    public async Task<IActionResult> OnPostCommentAsync(string slug, CancellationToken cancellationToken)
    {
        if (await LoadAsync(slug, cancellationToken, forWriting: true) is { } answer) return answer;
        var body = CommentBody?.Trim() ?? "";
        if (body.Length == 0 || body.Length > RecipeComment.MaxBodyLength)
        {
            ModelState.AddModelError(nameof(CommentBody), body.Length == 0 ? "Write a comment first." : "A comment may be at most 4,000 characters long.");
            return await OnGetAsync(slug, null, null, cancellationToken);
        }

        db.Add(new RecipeComment { RecipeId = Recipe.Id, AuthorId = Access.UserId!.Value, Body = body, CreatedAt = clock.GetUtcNow().UtcDateTime });
        db.Enqueue(new SendRecipeActivityEmail(Recipe.Id, Access.UserId!.Value, null, body.Length > 300 ? body[..300] + "…" : body));
        await db.SaveChangesAsync(cancellationToken);
        Flash("Comment added.");
        return Redirect($"/recipes/{Recipe.Slug}#comments");
    }

    public async Task<IActionResult> OnPostDeleteCommentAsync(string slug, int id, CancellationToken cancellationToken)
    {
        if (await LoadAsync(slug, cancellationToken) is { } answer) return answer;
        var comment = await db.Set<RecipeComment>().FirstOrDefaultAsync(c => c.Id == id && c.RecipeId == Recipe.Id, cancellationToken);
        if (comment is null) return NotFound();
        var me = Access.UserId;
        if (me is null || (me != comment.AuthorId && me != Recipe.AuthorId && !await Access.IsAdminAsync(cancellationToken))) return Denied();
        db.Remove(comment);
        await db.SaveChangesAsync(cancellationToken);
        Flash("Comment deleted.");
        return Redirect($"/recipes/{Recipe.Slug}#comments");
    }

    /// <summary>Finds the recipe by its address; null when the page may go on, otherwise the answer to give instead.</summary>
    private async Task<IActionResult?> LoadAsync(string slug, CancellationToken cancellationToken, bool forWriting = false)
    {
        // From the data cache: which recipe the slug names, then the recipe (a write reads the same, fresh after any save).
        var snapshot = await cache.IdOfAsync(slug, cancellationToken) is { } id ? await cache.RecipeAsync(id, cancellationToken) : null;
        if (snapshot is null)
        {
            // An address it had before a rename.
            var current = await db.Set<RecipeSlugHistory>().Where(h => h.Slug == slug)
                .Join(db.Set<Recipe>(), h => h.RecipeId, r => r.Id, (h, r) => new { r.Slug, r.Visibility, r.AuthorId })
                .FirstOrDefaultAsync(cancellationToken);
            if (current is null || !await Access.CanReadAsync(current.Visibility, current.AuthorId, cancellationToken)) return NotFound();
            var rest = Request.Path.Value!["/recipes/".Length..];
            var tail = rest.Contains('/') ? rest[rest.IndexOf('/')..] : "";
            return RedirectPermanent($"/recipes/{current.Slug}{tail}{Request.QueryString}");
        }

        var recipe = snapshot.ToRecipe();
        _comments = snapshot.Comments;
        HttpContext.DependsOn(RecipeCache.RecipePart(recipe.Id));
        if (!await Access.CanReadAsync(recipe.Visibility, recipe.AuthorId, cancellationToken))
            return recipe.Visibility == RecipeVisibility.Members && User.Identity?.IsAuthenticated != true ? Challenge() : NotFound();
        if (forWriting && !CanWrite) return Denied();
        Recipe = recipe;
        CanEdit = await Access.CanEditAsync(recipe, cancellationToken);
        IsAdmin = await Access.IsAdminAsync(cancellationToken);
        ViewData["Title"] = recipe.Title;
        return null;
    }

    private async Task LoadCommentsAndMineAsync(CancellationToken cancellationToken)
    {
        Comments = _comments;
        if (Access.UserId is { } me && IsMember)
        {
            if (CanWrite) MyCollections = await collections.MineAsync(cancellationToken);
            HouseholdLists = await db.Set<ShoppingListMember>().Where(m => m.UserId == me)
                .Join(db.Set<ShoppingList>(), m => m.ListId, l => l.Id, (m, l) => new ValueTuple<int, string>(l.Id, l.Owner!.DisplayName)).ToListAsync(cancellationToken);
            MyRating = await db.Set<RecipeRating>().Where(r => r.RecipeId == Recipe.Id && r.UserId == me).Select(r => (int?)r.Stars).FirstOrDefaultAsync(cancellationToken);
            IsFavourite = await db.Set<RecipeFavourite>().AnyAsync(f => f.RecipeId == Recipe.Id && f.UserId == me, cancellationToken);
        }
    }

    public bool CanDeleteComment(CommentView comment) => Access.UserId is { } me && (me == comment.AuthorId || me == Recipe.AuthorId || IsAdmin);

    /// <summary>This page's address with other servings or units.</summary>
    public string Link(int? servings = null, UnitMode? units = null)
    {
        var s = servings ?? Servings;
        var u = units ?? Units;
        var query = new List<string>();
        if (s != Recipe.Servings) query.Add($"servings={s}");
        if (u != UnitMode.Original) query.Add($"units={u.ToString().ToLowerInvariant()}");
        return $"/recipes/{Recipe.Slug}" + (query.Count > 0 ? "?" + string.Join('&', query) : "");
    }
}
