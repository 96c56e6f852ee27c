namespace Cairn.Web.Modules.Recipes;

/// <summary>One thing to add to a shopping list: a food, its amount as parsed, and where it came from.</summary>
public sealed record ShoppingLine(string Food, string FoodKey, double? Quantity, string? Unit, string Source);

/// <summary>An item as the list shows it.</summary>
public sealed record ShoppingItemView(int Id, string Food, string Amount, string Aisle, bool Checked, string Sources);

/// <summary>
/// Shopping lists and their households: which lists a member may use, adding recipes and lines so that the same
/// food in compatible units merges, and checking off. Every write is one SQL statement on the rows it changes
/// (<c>UPDATE … WHERE NOT checked</c>), so two members editing at once never bring a checked item back.
/// </summary>
public sealed class ShoppingLists(CairnDbContext db, RecipeAccess access, TimeProvider clock)
{
    /// <summary>The lists this member may use: their own (made on first use) and those whose household they are in, their own first.</summary>
    public async Task<List<ShoppingList>> AvailableAsync(CancellationToken cancellationToken)
    {
        var me = access.UserId ?? throw new InvalidOperationException("A shopping list needs a signed-in member.");
        var lists = await db.Set<ShoppingList>().Include(l => l.Owner).Include(l => l.Members).ThenInclude(m => m.User)
            .Where(l => l.OwnerId == me || l.Members.Any(m => m.UserId == me)).AsSplitQuery().ToListAsync(cancellationToken);
        if (lists.All(l => l.OwnerId != me))
        {
            var own = new ShoppingList { OwnerId = me, CreatedAt = clock.GetUtcNow().UtcDateTime };
            db.Add(own);
            await db.SaveIdempotentAsync(own, cancellationToken);
            if (own.Id == 0) return await AvailableAsync(cancellationToken);
            own.Owner = await db.Users.FindAsync([me], cancellationToken);
            lists.Insert(0, own);
        }

        return [.. lists.OrderBy(l => l.OwnerId != me).ThenBy(l => l.Owner!.DisplayName)];
    }

    /// <summary>The list <paramref name="listId"/> when this member may use it, else their own; null for a list id they may not use.</summary>
    public async Task<(ShoppingList? List, List<ShoppingList> Available)> ChooseAsync(int? listId, CancellationToken cancellationToken)
    {
        var available = await AvailableAsync(cancellationToken);
        var list = listId is { } id ? available.FirstOrDefault(l => l.Id == id) : available[0];
        return (list, available);
    }

    /// <summary>The lines of a recipe's ingredients, scaled by <paramref name="factor"/>.</summary>
    public static IEnumerable<ShoppingLine> LinesOf(Recipe recipe, double factor) => recipe.Ingredients.OrderBy(i => i.Position)
        .Where(i => i.FoodKey.Length > 0)
        .Select(i => new ShoppingLine(i.Food, i.FoodKey, (i.QuantityMax ?? i.Quantity) * factor, i.Unit, recipe.Title));

    /// <summary>Adds each line to the list: into the unchecked item of the same food and kind of amount, or as a new item.</summary>
    public async Task AddAsync(int listId, IEnumerable<ShoppingLine> lines, CancellationToken cancellationToken)
    {
        foreach (var line in lines)
        {
            var unit = Units.Find(line.Unit);
            var (kind, amount) = unit switch
            {
                { Kind: UnitKind.Mass } => ("mass", line.Quantity * unit.Base),
                { Kind: UnitKind.Volume } => ("volume", line.Quantity * unit.Base),
                { Kind: UnitKind.Count } => (unit.Code, line.Quantity),
                _ => ("", line.Quantity),
            };
            var key = Cut($"{line.FoodKey}|{kind}", ShoppingItem.MaxFoodLength + 20);
            var source = Cut(line.Source, 100);
            for (var attempt = 0; ; attempt++)
            {
                if (await MergeAsync(listId, key, amount, source, cancellationToken) > 0) break;
                var item = new ShoppingItem
                {
                    ListId = listId, Food = Cut(line.Food, ShoppingItem.MaxFoodLength), MergeKey = key, Amount = amount, Unit = unit?.Code,
                    Aisle = Aisles.For(line.FoodKey), Sources = source, CreatedAt = clock.GetUtcNow().UtcDateTime,
                };
                db.Add(item);
                try
                {
                    await db.SaveChangesAsync(cancellationToken);
                    break;
                }
                catch (DbUpdateException e) when (UniqueViolations.Is(e) && attempt == 0)
                {
                    // Another member added the same food a moment ago: add to theirs instead.
                    db.Entry(item).State = EntityState.Detached;
                }
            }
        }
    }

    // Adds to the unchecked item of this key, if there is one; a checked item is never touched.
    private Task<int> MergeAsync(int listId, string key, double? amount, string source, CancellationToken cancellationToken) =>
        db.Set<ShoppingItem>().Where(i => i.ListId == listId && i.MergeKey == key && !i.Checked).ExecuteUpdateAsync(set => set
            .SetProperty(i => i.Amount, i => amount == null ? i.Amount : (i.Amount ?? 0) + amount)
            .SetProperty(i => i.Sources, i => i.Sources.Contains(source) || i.Sources.Length + source.Length > 480 ? i.Sources : i.Sources + ", " + source),
            cancellationToken);

    /// <summary>Checks an item off or back on; false when the list has no such item.</summary>
    public async Task<bool> SetCheckedAsync(int listId, int itemId, bool value, CancellationToken cancellationToken)
    {
        DateTime? at = value ? clock.GetUtcNow().UtcDateTime : null;
        try
        {
            return await db.Set<ShoppingItem>().Where(i => i.Id == itemId && i.ListId == listId)
                .ExecuteUpdateAsync(set => set.SetProperty(i => i.Checked, value).SetProperty(i => i.CheckedAt, at), cancellationToken) > 0;
        }
        catch (Exception e) when (UniqueViolations.Is(e))
        {
            // Unchecking while an unchecked item of the same food exists: add this one's amount to it instead.
            var item = await db.Set<ShoppingItem>().AsNoTracking().FirstAsync(i => i.Id == itemId, cancellationToken);
            await MergeAsync(listId, item.MergeKey, item.Amount, item.Sources, cancellationToken);
            await db.Set<ShoppingItem>().Where(i => i.Id == itemId).ExecuteDeleteAsync(cancellationToken);
            return true;
        }
    }

    public Task<int> ClearCheckedAsync(int listId, CancellationToken cancellationToken) =>
        db.Set<ShoppingItem>().Where(i => i.ListId == listId && i.Checked).ExecuteDeleteAsync(cancellationToken);

    public async Task<List<ShoppingItemView>> ItemsAsync(int listId, CancellationToken cancellationToken) =>
        [.. (await db.Set<ShoppingItem>().AsNoTracking().Where(i => i.ListId == listId).OrderBy(i => i.Food).ThenBy(i => i.Id).ToListAsync(cancellationToken))
            .Select(i => new ShoppingItemView(i.Id, i.Food, AmountOf(i), i.Aisle, i.Checked, i.Sources))];

    /// <summary>An item's amount in the unit it was first added in: 700 g, 1.2 kg, 1⅛ cups, 3 cloves; empty for "to taste".</summary>
    public static string AmountOf(ShoppingItem item)
    {
        if (item.Amount is not { } amount) return "";
        var unit = Units.Find(item.Unit);
        if (unit is null) return Measures.Number(amount);
        if (unit.Kind == UnitKind.Count) return $"{Measures.Number(amount)} {unit.Name(amount)}";
        var inUnit = amount / unit.Base;
        if (unit.System == UnitSystem.Metric)
        {
            var big = unit.Kind == UnitKind.Mass ? Units.Get("kg") : Units.Get("l");
            if (amount >= big.Base && unit.Base < big.Base) (unit, inUnit) = (big, amount / big.Base);
            return $"{Measures.Metric(inUnit)} {unit.Name(inUnit)}";
        }

        var rounded = Measures.Rounded(inUnit, unit);
        return $"{Measures.Number(rounded)} {unit.Name(rounded)}";
    }

    private static string Cut(string text, int length) => text.Length > length ? text[..length] : text;
}
