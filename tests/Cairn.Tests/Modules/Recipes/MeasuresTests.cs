using Cairn.Web.Modules.Recipes;

namespace Cairn.Tests.Modules.Recipes;

/// <summary>Scaling, metric and US conversions, and amounts written the way cooks write them.</summary>
public sealed class MeasuresTests
{
    [Theory]
    [InlineData(1, "1")]
    [InlineData(0.5, "½")]
    [InlineData(1.5, "1½")]
    [InlineData(0.333, "⅓")]
    [InlineData(2.667, "2⅔")]
    [InlineData(0.125, "⅛")]
    [InlineData(0.75, "¾")]
    [InlineData(2.99, "3")]
    [InlineData(1.43, "1.4")]
    [InlineData(12.4, "12")]
    public void Number_WritesCommonFractionsAsCooksDo(double value, string written) => Assert.Equal(written, Measures.Number(value));

    [Theory]
    // As written, scaled: 2½ cups for 4 is 5 cups for 8; ranges scale at both ends; counts stay counts.
    [InlineData(2.5, null, "cup", "flour", 2.0, UnitMode.Original, "5 cups")]
    [InlineData(1.0, 2.0, "clove", "garlic", 1.5, UnitMode.Original, "1½–3 cloves")]
    [InlineData(3.0, null, null, "eggs", 0.5, UnitMode.Original, "1½")]
    [InlineData(200.0, null, "g", "butter", 0.5, UnitMode.Original, "100 g")]
    // Metric: cups of a dry good with a known density are weighed; of a liquid, measured.
    [InlineData(2.0, null, "cup", "all-purpose flour", 1.0, UnitMode.Metric, "250 g")]
    [InlineData(1.0, null, "cup", "sugar", 1.0, UnitMode.Metric, "200 g")]
    [InlineData(2.0, null, "cup", "whole milk", 1.0, UnitMode.Metric, "475 ml")]
    [InlineData(5.0, null, "cup", "water", 1.0, UnitMode.Metric, "1.18 l")]
    [InlineData(1.0, null, "lb", "ground beef", 1.0, UnitMode.Metric, "455 g")]
    [InlineData(3.0, null, "lb", "potatoes", 1.0, UnitMode.Metric, "1.36 kg")]
    // A food whose density is unknown is never weighed from its volume: cups stay a volume.
    [InlineData(1.0, null, "cup", "chopped walnuts", 1.0, UnitMode.Metric, "235 ml")]
    // Spoons suit both systems; metric units stay in metric.
    [InlineData(2.0, null, "tbsp", "olive oil", 1.0, UnitMode.Metric, "2 tbsp")]
    [InlineData(250.0, null, "ml", "double cream", 1.0, UnitMode.Metric, "250 ml")]
    // US customary: grams of a dry good with a density become cups; of anything else, ounces and pounds.
    [InlineData(250.0, null, "g", "plain flour", 1.0, UnitMode.Us, "2 cups")]
    [InlineData(100.0, null, "g", "dark chocolate", 1.0, UnitMode.Us, "3½ oz")]
    [InlineData(1.0, null, "kg", "pork shoulder", 1.0, UnitMode.Us, "2¼ lb")]
    [InlineData(250.0, null, "ml", "milk", 1.0, UnitMode.Us, "1 cup")]
    [InlineData(15.0, null, "ml", "lemon juice", 1.0, UnitMode.Us, "1 tbsp")]
    [InlineData(5.0, null, "ml", "vanilla extract", 1.0, UnitMode.Us, "1 tsp")]
    [InlineData(400.0, 500.0, "g", "beef mince", 1.0, UnitMode.Us, "14–17½ oz")]
    [InlineData(2.0, null, "cup", "sugar", 1.0, UnitMode.Us, "2 cups")]
    public void Show_ScalesAndConverts(double quantity, double? max, string? unit, string food, double factor, UnitMode mode, string shown) =>
        Assert.Equal(shown, Measures.Show(quantity, max, unit, food, factor, mode)!.ToString());

    [Fact]
    public void Show_SaysWhenTheUnitWasConverted()
    {
        Assert.True(Measures.Show(2, null, "cup", "flour", 1, UnitMode.Metric)!.Converted);
        Assert.False(Measures.Show(2, null, "tbsp", "flour", 1, UnitMode.Metric)!.Converted);
        Assert.Null(Measures.Show(null, null, null, "salt", 1, UnitMode.Metric));
    }

    [Fact]
    public void EveryUnit_ConvertsToAUnitOfTheSameKindAndAmount()
    {
        foreach (var unit in Units.All.Where(u => u.Kind != UnitKind.Count))
        {
            foreach (var mode in new[] { UnitMode.Metric, UnitMode.Us })
            {
                var (amount, target) = Measures.Convert(unit, 3, "something unknown", mode);
                Assert.Equal(unit.Kind, target.Kind);
                Assert.Equal(3 * unit.Base, amount * target.Base, 6);
            }
        }
    }
}
