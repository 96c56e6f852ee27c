using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;

namespace Cairn.Web.Modules.Recipes;

/// <summary>
/// <c>/recipes/shopping</c> (<c>?list=ID</c> for a household's list): the shopping list by aisle; add lines, check
/// items off, clear what is checked, and (its owner) choose who shares it.
/// </summary>
public sealed class ShoppingModel(RecipeAccess access, ShoppingLists lists, CairnDbContext db) : RecipesPageModel(access)
{
    protected override bool WritersOnly => true;

    public ShoppingList List { get; private set; } = null!;
    public IReadOnlyList<ShoppingList> Available { get; private set; } = [];
    public IReadOnlyList<ShoppingItemView> Items { get; private set; } = [];
    public IReadOnlyList<(Guid Id, string Name)> Colleagues { get; private set; } = [];
    public bool IsOwner => List.OwnerId == Access.UserId;

    [BindProperty]
    [StringLength(IngredientParser.MaxLineLength - 1, ErrorMessage = "An item may be at most 299 characters long.")]
    public string? Line { get; set; }

    public async Task<IActionResult> OnGetAsync(int? list, CancellationToken cancellationToken)
    {
        if (await LoadAsync(list, cancellationToken) is { } answer) return answer;
        return Page();
    }

    public async Task<IActionResult> OnPostAddAsync(int? list, CancellationToken cancellationToken)
    {
        if (await LoadAsync(list, cancellationToken) is { } answer) return answer;
        if (!ModelState.IsValid || string.IsNullOrWhiteSpace(Line))
        {
            if (string.IsNullOrWhiteSpace(Line)) ModelState.AddModelError(nameof(Line), "Write what to buy, like “2 l milk”.");
            return Page();
        }

        var parsed = IngredientParser.Parse(Line);
        var food = parsed.Food.Length > 0 ? parsed.Food : Line.Trim();
        await lists.AddAsync(List.Id, [new ShoppingLine(food, IngredientParser.FoodKey(food), parsed.Quantity, parsed.Unit, "")], cancellationToken);
        return Redirect(Here);
    }

    public async Task<IActionResult> OnPostCheckAsync(int? list, int item, bool done, CancellationToken cancellationToken)
    {
        if (await LoadAsync(list, cancellationToken) is { } answer) return answer;
        if (!await lists.SetCheckedAsync(List.Id, item, done, cancellationToken)) return NotFound();
        return Redirect(Here);
    }

    public async Task<IActionResult> OnPostClearAsync(int? list, CancellationToken cancellationToken)
    {
        if (await LoadAsync(list, cancellationToken) is { } answer) return answer;
        var cleared = await lists.ClearCheckedAsync(List.Id, cancellationToken);
        Flash(cleared == 1 ? "1 checked item cleared." : $"{cleared} checked items cleared.");
        return Redirect(Here);
    }

    /// <summary>The owner chooses the household: the members who share the list (and its meal plan).</summary>
    public async Task<IActionResult> OnPostShareAsync(int? list, List<Guid> members, CancellationToken cancellationToken)
    {
        if (await LoadAsync(list, cancellationToken) is { } answer) return answer;
        if (!IsOwner) return Denied();
        var allowed = Colleagues.Select(c => c.Id).ToHashSet();
        if (members.Any(m => !allowed.Contains(m))) return BadRequest();
        var tracked = await db.Set<ShoppingList>().Include(l => l.Members).FirstAsync(l => l.Id == List.Id, cancellationToken);
        tracked.Members.RemoveAll(m => !members.Contains(m.UserId));
        foreach (var member in members.Distinct().Where(m => tracked.Members.All(t => t.UserId != m)))
            tracked.Members.Add(new ShoppingListMember { ListId = tracked.Id, UserId = member });
        await db.SaveChangesAsync(cancellationToken);
        Flash(members.Count == 0 ? "Your list is yours alone again." : $"Your list is shared with {members.Count} {(members.Count == 1 ? "member" : "members")}.");
        return Redirect(Here);
    }

    private string Here => List.OwnerId == Access.UserId ? "/recipes/shopping" : $"/recipes/shopping?list={List.Id}";

    private async Task<IActionResult?> LoadAsync(int? listId, CancellationToken cancellationToken)
    {
        var (list, available) = await lists.ChooseAsync(listId, cancellationToken);
        if (list is null) return NotFound();
        (List, Available) = (list, available);
        Items = await lists.ItemsAsync(list.Id, cancellationToken);
        var me = Access.UserId;
        Colleagues = await db.Memberships.Where(m => m.UserId != me && m.Role != WorkspaceRole.Viewer)
            .OrderBy(m => m.User!.DisplayName).Select(m => new ValueTuple<Guid, string>(m.UserId, m.User!.DisplayName)).ToListAsync(cancellationToken);
        ViewData["Title"] = "Shopping list";
        return null;
    }
}
