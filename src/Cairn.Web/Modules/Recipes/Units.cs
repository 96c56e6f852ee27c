namespace Cairn.Web.Modules.Recipes;

/// <summary>What a unit measures: amounts of one kind convert into each other; counts (a clove, a can) never do.</summary>
public enum UnitKind
{
    Mass,
    Volume,
    Count,
}

/// <summary>The system a unit belongs to; spoons and counts belong to both.</summary>
public enum UnitSystem
{
    Metric,
    UsCustomary,
    Both,
}

/// <summary>
/// One kitchen unit: its code (what is stored), its kind and system, how many grams or millilitres one of it is
/// (<see cref="Base"/>; 0 for counts), and how it is written.
/// </summary>
public sealed record Unit(string Code, UnitKind Kind, UnitSystem System, double Base, string Singular, string Plural)
{
    public string Name(double amount) => amount > 1.001 ? Plural : Singular;
}

/// <summary>
/// The units the ingredient parser knows, and the words cooks write for them. Lower-case <c>t</c> alone is a
/// teaspoon and capital <c>T</c> a tablespoon (the one case that matters); every other word is read ignoring case
/// and a trailing full stop.
/// </summary>
public static class Units
{
    public static readonly IReadOnlyList<Unit> All =
    [
        new("mg", UnitKind.Mass, UnitSystem.Metric, 0.001, "mg", "mg"),
        new("g", UnitKind.Mass, UnitSystem.Metric, 1, "g", "g"),
        new("kg", UnitKind.Mass, UnitSystem.Metric, 1000, "kg", "kg"),
        new("oz", UnitKind.Mass, UnitSystem.UsCustomary, 28.349523125, "oz", "oz"),
        new("lb", UnitKind.Mass, UnitSystem.UsCustomary, 453.59237, "lb", "lb"),
        new("ml", UnitKind.Volume, UnitSystem.Metric, 1, "ml", "ml"),
        new("cl", UnitKind.Volume, UnitSystem.Metric, 10, "cl", "cl"),
        new("dl", UnitKind.Volume, UnitSystem.Metric, 100, "dl", "dl"),
        new("l", UnitKind.Volume, UnitSystem.Metric, 1000, "l", "l"),
        new("tsp", UnitKind.Volume, UnitSystem.Both, 4.92892159375, "tsp", "tsp"),
        new("tbsp", UnitKind.Volume, UnitSystem.Both, 14.78676478125, "tbsp", "tbsp"),
        new("cup", UnitKind.Volume, UnitSystem.UsCustomary, 236.5882365, "cup", "cups"),
        new("floz", UnitKind.Volume, UnitSystem.UsCustomary, 29.5735295625, "fl oz", "fl oz"),
        new("pint", UnitKind.Volume, UnitSystem.UsCustomary, 473.176473, "pint", "pints"),
        new("quart", UnitKind.Volume, UnitSystem.UsCustomary, 946.352946, "quart", "quarts"),
        new("gallon", UnitKind.Volume, UnitSystem.UsCustomary, 3785.411784, "gallon", "gallons"),
        .. new[] { ("pinch", "pinches"), ("dash", "dashes"), ("clove", "cloves"), ("can", "cans"), ("jar", "jars"), ("package", "packages"),
                   ("slice", "slices"), ("stick", "sticks"), ("bunch", "bunches"), ("sprig", "sprigs"), ("handful", "handfuls"),
                   ("head", "heads"), ("piece", "pieces"), ("drop", "drops") }
            .Select(names => new Unit(names.Item1, UnitKind.Count, UnitSystem.Both, 0, names.Item1, names.Item2)),
    ];

    private static readonly Dictionary<string, Unit> ByCode = All.ToDictionary(u => u.Code);

    // Words matched exactly, before the case-insensitive ones.
    private static readonly Dictionary<string, string> CaseSensitive = new(StringComparer.Ordinal)
    {
        ["t"] = "tsp", ["T"] = "tbsp", ["Tb"] = "tbsp", ["TB"] = "tbsp", ["L"] = "l",
    };

    private static readonly Dictionary<string, string> Words = BuildWords();

    private static Dictionary<string, string> BuildWords()
    {
        var words = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        void Add(string code, params string[] names)
        {
            foreach (var name in names) words[name] = code;
        }

        Add("mg", "mg", "mgs", "milligram", "milligrams", "milligramme", "milligrammes");
        Add("g", "g", "gr", "grs", "gm", "gms", "gram", "grams", "gramme", "grammes");
        Add("kg", "kg", "kgs", "kilo", "kilos", "kilogram", "kilograms", "kilogramme", "kilogrammes");
        Add("oz", "oz", "ozs", "ounce", "ounces");
        Add("lb", "lb", "lbs", "pound", "pounds");
        Add("ml", "ml", "mls", "millilitre", "millilitres", "milliliter", "milliliters", "cc");
        Add("cl", "cl", "centilitre", "centilitres", "centiliter", "centiliters");
        Add("dl", "dl", "decilitre", "decilitres", "deciliter", "deciliters");
        Add("l", "l", "litre", "litres", "liter", "liters", "ltr", "ltrs");
        Add("tsp", "tsp", "tsps", "tsps", "teaspoon", "teaspoons", "teaspoonful", "teaspoonfuls");
        Add("tbsp", "tbsp", "tbsps", "tbs", "tbl", "tbls", "tblsp", "tablespoon", "tablespoons", "tablespoonful", "tablespoonfuls");
        Add("cup", "c", "cup", "cups");
        Add("floz", "floz");
        Add("pint", "pt", "pts", "pint", "pints");
        Add("quart", "qt", "qts", "quart", "quarts");
        Add("gallon", "gal", "gals", "gallon", "gallons");
        Add("pinch", "pinch", "pinches");
        Add("dash", "dash", "dashes");
        Add("clove", "clove", "cloves");
        Add("can", "can", "cans", "tin", "tins");
        Add("jar", "jar", "jars");
        Add("package", "package", "packages", "pkg", "pkgs", "packet", "packets", "pack", "packs");
        Add("slice", "slice", "slices");
        Add("stick", "stick", "sticks");
        Add("bunch", "bunch", "bunches");
        Add("sprig", "sprig", "sprigs");
        Add("handful", "handful", "handfuls");
        Add("head", "head", "heads");
        Add("piece", "piece", "pieces", "pc", "pcs");
        Add("drop", "drop", "drops");
        return words;
    }

    public static Unit Get(string code) => ByCode[code];

    public static Unit? Find(string? code) => code is not null && ByCode.TryGetValue(code, out var unit) ? unit : null;

    /// <summary>The unit a word names (<c>Tbsp.</c>, <c>grams</c>, <c>t</c>), or null.</summary>
    public static Unit? FromWord(string word)
    {
        if (CaseSensitive.TryGetValue(word, out var exact)) return ByCode[exact];
        var trimmed = word.TrimEnd('.');
        if (trimmed.Length == 0) return null;
        if (CaseSensitive.TryGetValue(trimmed, out exact)) return ByCode[exact];
        return Words.TryGetValue(trimmed, out var code) ? ByCode[code] : null;
    }

    /// <summary>The unit two words name together (<c>fl oz</c>, <c>fluid ounces</c>), or null.</summary>
    public static Unit? FromWords(string first, string second)
    {
        var a = first.TrimEnd('.').ToLowerInvariant();
        var b = second.TrimEnd('.').ToLowerInvariant();
        return a is "fl" or "fluid" && b is "oz" or "ounce" or "ounces" ? ByCode["floz"] : null;
    }
}
