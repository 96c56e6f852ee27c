using System.Globalization;

namespace Cairn.Web.Modules.Recipes;

/// <summary>How a recipe page shows amounts: as the author wrote them, or converted to one system.</summary>
public enum UnitMode
{
    Original,
    Metric,
    Us,
}

/// <summary>An amount to show: its numbers as cooks write them and its unit's name; <see cref="Converted"/> when the unit changed.</summary>
public sealed record ShownAmount(string Quantity, string? Unit, bool Converted)
{
    public override string ToString() => Unit is null ? Quantity : $"{Quantity} {Unit}";
}

/// <summary>
/// Grams per millilitre of common foods, so that cups of flour can be weighed and grams of sugar measured in cups.
/// A food not in the table is never converted between weight and volume: a guess would spoil the dish. Liquids
/// stay by volume in both systems; dry goods are weighed in metric and measured in cups in US customary.
/// </summary>
public static class FoodDensities
{
    public sealed record Density(string Food, double GramsPerMl, bool Dry);

    // Figures from the weights bakers publish per US cup (236.6 ml): all-purpose flour 125 g, sugar 200 g, …
    private static readonly Density[] Table =
    [
        new("all purpose flour", 125 / 236.59, true), new("plain flour", 125 / 236.59, true), new("flour", 125 / 236.59, true),
        new("bread flour", 127 / 236.59, true), new("whole wheat flour", 120 / 236.59, true), new("self raising flour", 125 / 236.59, true),
        new("self rising flour", 125 / 236.59, true), new("cake flour", 114 / 236.59, true), new("cornstarch", 128 / 236.59, true),
        new("cornflour", 128 / 236.59, true),
        new("granulated sugar", 200 / 236.59, true), new("caster sugar", 200 / 236.59, true), new("white sugar", 200 / 236.59, true),
        new("sugar", 200 / 236.59, true), new("brown sugar", 213 / 236.59, true), new("light brown sugar", 213 / 236.59, true),
        new("dark brown sugar", 213 / 236.59, true), new("powdered sugar", 120 / 236.59, true), new("icing sugar", 120 / 236.59, true),
        new("confectioner sugar", 120 / 236.59, true),
        new("butter", 227 / 236.59, true), new("unsalted butter", 227 / 236.59, true), new("salted butter", 227 / 236.59, true),
        new("cocoa powder", 84 / 236.59, true), new("unsweetened cocoa powder", 84 / 236.59, true),
        new("rolled oat", 89 / 236.59, true), new("oat", 89 / 236.59, true), new("rice", 185 / 236.59, true), new("white rice", 185 / 236.59, true),
        new("long grain rice", 185 / 236.59, true), new("arborio rice", 200 / 236.59, true), new("honey", 340 / 236.59, true),
        new("salt", 288 / 236.59, true), new("table salt", 288 / 236.59, true), new("kosher salt", 140 / 236.59, true),
        new("chocolate chip", 170 / 236.59, true), new("grated parmesan", 100 / 236.59, true),
        new("water", 1.0, false), new("milk", 1.03, false), new("whole milk", 1.03, false), new("buttermilk", 1.03, false),
        new("heavy cream", 0.99, false), new("double cream", 0.99, false), new("olive oil", 0.91, false),
        new("extra virgin olive oil", 0.91, false), new("vegetable oil", 0.92, false), new("oil", 0.92, false),
        new("maple syrup", 1.32, false), new("yogurt", 1.03, false), new("plain yogurt", 1.03, false),
    ];

    private static readonly Dictionary<string, Density> ByKey = Table.ToDictionary(d => IngredientParser.FoodKey(d.Food));

    /// <summary>The density of <paramref name="food"/> when the table has exactly that food (by its key), or null.</summary>
    public static Density? For(string food) => ByKey.GetValueOrDefault(IngredientParser.FoodKey(food));
}

/// <summary>Scaling and converting amounts, and writing them as cooks do (<c>1½ cups</c>, <c>250 g</c>).</summary>
public static class Measures
{
    private static readonly (double Value, string Glyph)[] Fractions =
        [(1 / 8.0, "⅛"), (1 / 4.0, "¼"), (1 / 3.0, "⅓"), (3 / 8.0, "⅜"), (1 / 2.0, "½"), (5 / 8.0, "⅝"), (2 / 3.0, "⅔"), (3 / 4.0, "¾"), (7 / 8.0, "⅞")];

    /// <summary>
    /// A number as cooks write it: whole numbers and the common fractions (<c>1½</c>, <c>⅓</c>, <c>2¾</c>) when it is
    /// within a hair of one, otherwise one decimal under 10 and a whole number above.
    /// </summary>
    public static string Number(double value)
    {
        if (value <= 0) return "0";
        var whole = Math.Floor(value);
        var part = value - whole;
        if (part < 0.02) return whole.ToString("0", CultureInfo.InvariantCulture);
        if (part > 0.98) return (whole + 1).ToString("0", CultureInfo.InvariantCulture);
        foreach (var (fraction, glyph) in Fractions)
        {
            if (Math.Abs(part - fraction) <= 0.02) return whole == 0 ? glyph : $"{whole:0}{glyph}";
        }

        return value >= 10 ? Math.Round(value).ToString("0", CultureInfo.InvariantCulture) : value.ToString("0.#", CultureInfo.InvariantCulture);
    }

    /// <summary>A metric figure: whole grams and millilitres (one decimal under 10), kilograms and litres to two decimals.</summary>
    public static string Metric(double value) => value switch
    {
        >= 100 => (Math.Round(value / 5) * 5).ToString("0", CultureInfo.InvariantCulture),
        >= 10 => Math.Round(value).ToString("0", CultureInfo.InvariantCulture),
        _ => value.ToString("0.##", CultureInfo.InvariantCulture),
    };

    /// <summary>
    /// How to show an ingredient's amount scaled by <paramref name="factor"/> in <paramref name="mode"/>; null when it has no amount.
    /// </summary>
    public static ShownAmount? Show(double? quantity, double? max, string? unitCode, string food, double factor, UnitMode mode)
    {
        if (quantity is not { } amount) return null;
        var unit = Units.Find(unitCode);
        var low = amount * factor;
        var high = max is { } m ? m * factor : (double?)null;

        if (unit is null || unit.Kind == UnitKind.Count || mode == UnitMode.Original || Fits(unit, mode, food))
        {
            var metric = unit?.System == UnitSystem.Metric;
            return new(Range(low, high, metric), unit?.Name(high ?? low), false);
        }

        var target = Convert(unit, low, food, mode);
        var ratio = target.Amount / low;
        var shownLow = Rounded(target.Amount, target.Unit);
        var shownHigh = high is { } h2 ? Rounded(h2 * ratio, target.Unit) : (double?)null;
        return new(Range(shownLow, shownHigh, target.Unit.System == UnitSystem.Metric), target.Unit.Name(shownHigh ?? shownLow), true);
    }

    /// <summary>
    /// A converted amount rounded the way a cook measures it: cups and spoons to the nearest eighth or third, ounces
    /// to the half, pounds to the quarter; metric figures are rounded when written (<see cref="Metric"/>).
    /// </summary>
    public static double Rounded(double amount, Unit unit)
    {
        if (unit.System == UnitSystem.Metric) return amount;
        if (unit.Code == "oz") return Math.Max(0.5, Math.Round(amount * 2) / 2);
        if (unit.Code == "lb") return Math.Max(0.25, Math.Round(amount * 4) / 4);
        var whole = Math.Floor(amount);
        var nearest = new[] { 0, 1 / 8.0, 1 / 4.0, 1 / 3.0, 3 / 8.0, 1 / 2.0, 5 / 8.0, 2 / 3.0, 3 / 4.0, 7 / 8.0, 1 }
            .MinBy(fraction => Math.Abs(amount - whole - fraction));
        var rounded = whole + nearest;
        return rounded > 0 ? rounded : 1 / 8.0;
    }

    private static string Range(double low, double? high, bool metric) =>
        high is { } h ? $"{(metric ? Metric(low) : Number(low))}–{(metric ? Metric(h) : Number(h))}" : metric ? Metric(low) : Number(low);

    // Already right for the mode: spoons suit both; metric dry goods in volume become grams only when the density is known.
    private static bool Fits(Unit unit, UnitMode mode, string food)
    {
        if (unit.System == UnitSystem.Both) return true;
        var density = FoodDensities.For(food);
        return mode switch
        {
            UnitMode.Metric => unit.System == UnitSystem.Metric && !(unit.Kind == UnitKind.Volume && density is { Dry: true }),
            UnitMode.Us => unit.System == UnitSystem.UsCustomary && !(unit.Kind == UnitKind.Mass && density is { Dry: true } && unit.Code != "lb"),
            _ => true,
        };
    }

    /// <summary>Converts an amount to the unit that suits <paramref name="mode"/> best; between weight and volume only by a known density.</summary>
    public static (double Amount, Unit Unit) Convert(Unit unit, double amount, string food, UnitMode mode)
    {
        var density = FoodDensities.For(food);
        var grams = unit.Kind == UnitKind.Mass ? amount * unit.Base : (double?)null;
        var millilitres = unit.Kind == UnitKind.Volume ? amount * unit.Base : (double?)null;

        if (mode == UnitMode.Metric)
        {
            // Dry goods are weighed; liquids measured.
            if (millilitres is { } ml && density is { Dry: true } dry) grams = ml * dry.GramsPerMl;
            if (grams is { } g) return g >= 1000 ? (g / 1000, Units.Get("kg")) : (g, Units.Get("g"));
            var volume = millilitres!.Value;
            return volume >= 1000 ? (volume / 1000, Units.Get("l")) : (volume, Units.Get("ml"));
        }

        // US customary: cups for what is measured (and dry goods with a density), ounces and pounds for the rest.
        if (grams is { } weight && density is { } known && (known.Dry || unit.Kind == UnitKind.Volume)) millilitres = weight / known.GramsPerMl;
        else if (grams is { } mass) return mass >= 453.59237 ? (mass / 453.59237, Units.Get("lb")) : (mass / 28.349523125, Units.Get("oz"));

        var ml2 = millilitres!.Value;
        var tbsp = Units.Get("tbsp");
        if (ml2 < tbsp.Base * 0.99) return (ml2 / Units.Get("tsp").Base, Units.Get("tsp"));
        if (ml2 < tbsp.Base * 3.99) return (ml2 / tbsp.Base, tbsp);
        var cups = ml2 / Units.Get("cup").Base;
        return cups > 16 ? (ml2 / Units.Get("quart").Base, Units.Get("quart")) : (cups, Units.Get("cup"));
    }

    /// <summary>An amount in <paramref name="unit"/> as grams or millilitres (the base of its kind); null for counts.</summary>
    public static double? ToBase(double amount, Unit unit) => unit.Kind == UnitKind.Count ? null : amount * unit.Base;
}
