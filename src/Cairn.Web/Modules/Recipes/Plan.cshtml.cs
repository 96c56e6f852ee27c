using System.Globalization;
using Microsoft.AspNetCore.Mvc;

namespace Cairn.Web.Modules.Recipes;

/// <summary>A recipe on the plan, as the week shows it.</summary>
public sealed record PlannedMeal(int Id, DateOnly Day, string Title, string Slug, int Servings);

/// <summary>
/// <c>/recipes/plan?week=2026-12-07</c>: a household's week of meals (Monday to Sunday); recipes are planned from
/// their pages, and "add the week to the shopping list" adds every planned recipe, scaled to its servings.
/// </summary>
public sealed class PlanModel(RecipeAccess access, ShoppingLists lists, CairnDbContext db, UserClock clock) : RecipesPageModel(access)
{
    protected override bool WritersOnly => true;

    public ShoppingList List { get; private set; } = null!;
    public DateOnly Monday { get; private set; }
    public IReadOnlyList<PlannedMeal> Meals { get; private set; } = [];
    public bool IsOwner => List.OwnerId == Access.UserId;

    public async Task<IActionResult> OnGetAsync(int? list, string? week, CancellationToken cancellationToken)
    {
        if (await LoadAsync(list, week, cancellationToken) is { } answer) return answer;
        return Page();
    }

    public async Task<IActionResult> OnPostRemoveAsync(int? list, string? week, int entry, CancellationToken cancellationToken)
    {
        if (await LoadAsync(list, week, cancellationToken) is { } answer) return answer;
        await db.Set<MealPlanEntry>().Where(e => e.Id == entry && e.ListId == List.Id).ExecuteDeleteAsync(cancellationToken);
        return Redirect(WeekUrl(Monday));
    }

    public async Task<IActionResult> OnPostShopAsync(int? list, string? week, CancellationToken cancellationToken)
    {
        if (await LoadAsync(list, week, cancellationToken) is { } answer) return answer;
        var ids = Meals.Select(m => m.Id).ToList();
        var entries = await db.Set<MealPlanEntry>().Where(e => ids.Contains(e.Id)).Include(e => e.Recipe!).ThenInclude(r => r.Ingredients)
            .AsNoTracking().AsSplitQuery().ToListAsync(cancellationToken);
        // Only recipes the reader may still open: one made private since it was planned is skipped.
        var lines = new List<ShoppingLine>();
        foreach (var entry in entries)
            if (await Access.CanReadAsync(entry.Recipe!.Visibility, entry.Recipe.AuthorId, cancellationToken))
                lines.AddRange(ShoppingLists.LinesOf(entry.Recipe, (double)entry.Servings / entry.Recipe.Servings));
        await lists.AddAsync(List.Id, lines, cancellationToken);
        Flash($"The week's {entries.Count} {(entries.Count == 1 ? "recipe is" : "recipes are")} on the shopping list.");
        return Redirect(IsOwner ? "/recipes/shopping" : $"/recipes/shopping?list={List.Id}");
    }

    public string WeekUrl(DateOnly monday) =>
        $"/recipes/plan?week={monday.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}{(IsOwner ? "" : $"&list={List.Id}")}";

    /// <summary>The Monday of the week <paramref name="week"/> names (any day of it), or of this week in the reader's time zone.</summary>
    public static DateOnly MondayOf(string? week, DateOnly today)
    {
        var day = DateOnly.TryParseExact(week, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var given) && given.Year is >= 2000 and <= 2999 ? given : today;
        return day.AddDays(-(((int)day.DayOfWeek + 6) % 7));
    }

    private async Task<IActionResult?> LoadAsync(int? listId, string? week, CancellationToken cancellationToken)
    {
        var (list, _) = await lists.ChooseAsync(listId, cancellationToken);
        if (list is null) return NotFound();
        List = list;
        Monday = MondayOf(week, DateOnly.FromDateTime(clock.ToLocal(clock.UtcNow)));
        var sunday = Monday.AddDays(6);
        Meals = await db.Set<MealPlanEntry>().Where(e => e.ListId == list.Id && e.Day >= Monday && e.Day <= sunday)
            .OrderBy(e => e.Day).ThenBy(e => e.Id)
            .Select(e => new PlannedMeal(e.Id, e.Day, e.Recipe!.Title, e.Recipe.Slug, e.Servings)).ToListAsync(cancellationToken);
        ViewData["Title"] = "Meal plan";
        return null;
    }
}
