using Cairn.Web.Platform;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cairn.Web.Modules.Recipes;

/// <summary>
/// A member's shopping list, shared with the members they choose (their household). Its meal plan hangs on it too,
/// so that a household plans and shops together.
/// </summary>
public sealed class ShoppingList : ITenantOwned
{
    public int Id { get; set; }
    public int TenantId { get; set; }
    public Guid OwnerId { get; set; }
    public CairnUser? Owner { get; set; }
    public DateTime CreatedAt { get; set; } = DateTime.UtcNow;
    public List<ShoppingListMember> Members { get; } = [];
}

/// <summary>A member of a shopping list's household (besides its owner).</summary>
public sealed class ShoppingListMember : ITenantOwned
{
    public int TenantId { get; set; }
    public int ListId { get; set; }
    public Guid UserId { get; set; }
    public CairnUser? User { get; set; }
}

/// <summary>
/// One thing to buy. Amounts of weight and volume are kept in grams and millilitres, so that "200 g" and "0.5 kg" of
/// butter are one item of 700 g; <see cref="Unit"/> is the unit it was first added in, the one it is shown in.
/// Counts (3 eggs, 2 cans) add up in their own unit. Only unchecked items take more: checking off is final.
/// </summary>
public sealed class ShoppingItem : ITenantOwned
{
    public const int MaxFoodLength = 200;

    public int Id { get; set; }
    public int TenantId { get; set; }
    public int ListId { get; set; }

    /// <summary>What is bought, as first written ("unsalted butter").</summary>
    public required string Food { get; set; }

    /// <summary>What items merge on: the food's key and the kind of amount (<c>mass</c>, <c>volume</c>, a count's unit, or empty).</summary>
    public required string MergeKey { get; set; }

    /// <summary>In grams for mass, millilitres for volume, or a count; null for "to taste" items.</summary>
    public double? Amount { get; set; }
    public string? Unit { get; set; }
    public string Aisle { get; set; } = Aisles.Other;
    public bool Checked { get; set; }
    public DateTime? CheckedAt { get; set; }

    /// <summary>The recipes it came from, for the list to say ("Tomato soup, Bread").</summary>
    public string Sources { get; set; } = "";
    public DateTime CreatedAt { get; set; } = DateTime.UtcNow;
}

/// <summary>A recipe on a day of a household's meal plan.</summary>
public sealed class MealPlanEntry : ITenantOwned
{
    public int Id { get; set; }
    public int TenantId { get; set; }
    public int ListId { get; set; }
    public DateOnly Day { get; set; }
    public int RecipeId { get; set; }
    public Recipe? Recipe { get; set; }
    public int Servings { get; set; }
    public Guid AddedById { get; set; }
}

/// <summary>The aisles a shopping list groups by, and which foods go where (by a word of the food; the first match wins).</summary>
public static class Aisles
{
    public const string Produce = "Fruit & vegetables";
    public const string Dairy = "Dairy & eggs";
    public const string Meat = "Meat & fish";
    public const string Bakery = "Bakery";
    public const string Pantry = "Pantry";
    public const string Spices = "Herbs & spices";
    public const string Frozen = "Frozen";
    public const string Drinks = "Drinks";
    public const string Other = "Other";

    public static readonly string[] Order = [Produce, Bakery, Dairy, Meat, Pantry, Spices, Frozen, Drinks, Other];

    private static readonly Dictionary<string, string> ByWord = Build();

    private static Dictionary<string, string> Build()
    {
        var words = new Dictionary<string, string>();
        void Add(string aisle, string list)
        {
            foreach (var word in list.Split(' ')) words[word] = aisle;
        }

        Add(Frozen, "frozen");
        Add(Spices, "salt pepper cumin paprika cinnamon nutmeg oregano thyme rosemary basil parsley coriander cilantro chilli chili turmeric garam masala bay clove cardamom vanilla mint dill sage saffron ginger");
        Add(Produce, "onion garlic tomato potato carrot lemon lime apple banana spinach lettuce capsicum courgette zucchini aubergine eggplant mushroom celery leek cabbage kale broccoli cauliflower avocado cucumber berry strawberry raspberry orange pear squash shallot scallion chive herb");
        Add(Dairy, "milk butter cream cheese yogurt yoghurt egg feta parmesan mozzarella cheddar buttermilk");
        Add(Meat, "chicken beef pork lamb bacon sausage mince salmon tuna prawn shrimp fish cod turkey ham");
        Add(Bakery, "bread baguette tortilla bun roll pita");
        Add(Drinks, "wine beer juice water");
        Add(Pantry, "flour sugar rice pasta spaghetti noodle oil vinegar stock broth can tin bean lentil chickpea oat honey syrup sauce paste nut peanut walnut almond chocolate cocoa yeast baking soda powder mustard coconut");
        return words;
    }

    // Two words that name another aisle than their last word alone.
    private static readonly Dictionary<string, string> Pairs = new()
    {
        ["bell pepper"] = Produce, ["red pepper"] = Produce, ["green pepper"] = Produce, ["yellow pepper"] = Produce,
        ["sweet potato"] = Produce, ["spring onion"] = Produce, ["green onion"] = Produce, ["coconut milk"] = Pantry,
        ["peanut butter"] = Pantry, ["tomato paste"] = Pantry, ["chopped tomato"] = Pantry, ["fresh ginger"] = Produce,
    };

    /// <summary>The aisle of a food key: a known pair of words, then its last word first ("chicken stock" is pantry, "garlic" produce), then the others.</summary>
    public static string For(string foodKey)
    {
        var words = foodKey.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length >= 2 && Pairs.TryGetValue($"{words[^2]} {words[^1]}", out var paired)) return paired;
        for (var i = words.Length - 1; i >= 0; i--)
            if (ByWord.TryGetValue(words[i], out var aisle)) return aisle;
        return Other;
    }
}

/// <summary>The <c>recipes_shopping_lists</c> table: one list per owner.</summary>
internal sealed class ShoppingListConfiguration : IEntityTypeConfiguration<ShoppingList>
{
    public void Configure(EntityTypeBuilder<ShoppingList> list)
    {
        list.ToTable("recipes_shopping_lists");
        list.HasIndex(l => new { l.TenantId, l.OwnerId }).IsUnique();
        list.HasOne(l => l.Owner).WithMany().HasForeignKey(l => l.OwnerId).OnDelete(DeleteBehavior.Cascade);
        list.HasMany(l => l.Members).WithOne().HasForeignKey(m => m.ListId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>The <c>recipes_shopping_list_members</c> table.</summary>
internal sealed class ShoppingListMemberConfiguration : IEntityTypeConfiguration<ShoppingListMember>
{
    public void Configure(EntityTypeBuilder<ShoppingListMember> member)
    {
        member.ToTable("recipes_shopping_list_members");
        member.HasKey(m => new { m.ListId, m.UserId });
        member.HasOne(m => m.User).WithMany().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Cascade);
        member.HasIndex(m => new { m.TenantId, m.UserId });
    }
}

/// <summary>
/// The <c>recipes_shopping_items</c> table. One unchecked item per food and kind of amount (a unique index on the
/// unchecked ones), so that two members adding butter at once make one item, not two.
/// </summary>
internal sealed class ShoppingItemConfiguration(DatabaseProvider provider) : IEntityTypeConfiguration<ShoppingItem>
{
    public void Configure(EntityTypeBuilder<ShoppingItem> item)
    {
        item.ToTable("recipes_shopping_items");
        item.Property(i => i.Food).HasMaxLength(ShoppingItem.MaxFoodLength);
        item.Property(i => i.MergeKey).HasMaxLength(ShoppingItem.MaxFoodLength + 20);
        item.Property(i => i.Unit).HasMaxLength(10);
        item.Property(i => i.Aisle).HasMaxLength(40);
        item.Property(i => i.Sources).HasMaxLength(500);
        item.HasOne<ShoppingList>().WithMany().HasForeignKey(i => i.ListId).OnDelete(DeleteBehavior.Cascade);
        item.HasIndex(i => new { i.ListId, i.MergeKey }).IsUnique().HasFilter(provider == DatabaseProvider.Postgres ? "NOT checked" : "checked = 0")
            .HasDatabaseName("ix_recipes_shopping_items_unchecked");
        item.HasIndex(i => new { i.ListId, i.Checked });
    }
}

/// <summary>The <c>recipes_meal_plan</c> table.</summary>
internal sealed class MealPlanEntryConfiguration : IEntityTypeConfiguration<MealPlanEntry>
{
    public void Configure(EntityTypeBuilder<MealPlanEntry> entry)
    {
        entry.ToTable("recipes_meal_plan");
        entry.HasOne<ShoppingList>().WithMany().HasForeignKey(e => e.ListId).OnDelete(DeleteBehavior.Cascade);
        entry.HasOne(e => e.Recipe).WithMany().HasForeignKey(e => e.RecipeId).OnDelete(DeleteBehavior.Cascade);
        entry.HasIndex(e => new { e.ListId, e.Day });
    }
}
