using System.Globalization;
using Cairn.Tests.Infrastructure;
using Cairn.Web.Modules.Recipes;

namespace Cairn.Tests.Modules.Recipes;

/// <summary>
/// The ingredient parser against ingredient-lines.tsv: real lines from recipe sites with the quantity, range, unit,
/// food and note a cook reads in them (written apart from the parser, as its specification).
/// </summary>
public sealed class IngredientParsingTests
{
    public static TheoryData<string, string, string, string, string, string> Lines()
    {
        var data = new TheoryData<string, string, string, string, string, string>();
        var path = RepositoryFiles.FindUp("tests/Cairn.Tests/Modules/Recipes/ingredient-lines.tsv")
            ?? throw new FileNotFoundException("ingredient-lines.tsv");
        foreach (var row in File.ReadLines(path).Skip(1).Where(l => l.Length > 0))
        {
            var f = row.Split('\t');
            data.Add(f[0], f[1], f[2], f[3], f[4], f[5]);
        }

        return data;
    }

    [Fact]
    public void TheTable_HasAtLeastSixtyLinesAndUsesEveryUnit()
    {
        var rows = Lines().Select(r => (string)r.Data.Item4).ToList();
        Assert.True(rows.Count >= 60, $"{rows.Count} lines");
        Assert.Empty(Units.All.Select(u => u.Code).Except(rows));
    }

    [Theory]
    [MemberData(nameof(Lines))]
    public void Parse_ReadsTheLineAsACookWould(string line, string quantity, string max, string unit, string food, string note)
    {
        var parsed = IngredientParser.Parse(line);
        AssertNumber(quantity, parsed.Quantity, "quantity");
        AssertNumber(max, parsed.QuantityMax, "max");
        Assert.Equal(unit.Length == 0 ? null : unit, parsed.Unit);
        Assert.Equal(food, parsed.Food, ignoreCase: true);
        Assert.Equal(note, parsed.Note, ignoreCase: true);
        Assert.Equal(line, parsed.Line);
        Assert.False(parsed.LowConfidence, "a line of the table is read with confidence");
    }

    private static void AssertNumber(string expected, double? actual, string what)
    {
        if (expected.Length == 0)
        {
            Assert.True(actual is null, $"{what}: expected none, got {actual}");
            return;
        }

        Assert.True(actual is { } value && Math.Abs(value - double.Parse(expected, CultureInfo.InvariantCulture)) < 0.01, $"{what}: expected {expected}, got {actual}");
    }

    [Theory]
    [InlineData("")]
    [InlineData("2")]
    [InlineData("3 1/2")]
    [InlineData("Preheat the oven to 200 degrees and grease a 20 cm tin")]
    [InlineData("2 knobs. butter")]
    public void Parse_MarksWhatItCannotReadAsLowConfidence(string line) => Assert.True(IngredientParser.Parse(line).LowConfidence);

    [Fact]
    public void Parse_KeepsAnOverlongLineToItsLimit()
    {
        var parsed = IngredientParser.Parse("1 cup " + new string('x', 1000));
        Assert.Equal(IngredientParser.MaxLineLength, parsed.Line.Length);
    }

    [Theory]
    [InlineData("tomatoes", "tomato")]
    [InlineData("Cherry Tomatoes", "cherry tomato")]
    [InlineData("berries", "berry")]
    [InlineData("large eggs", "large egg")]
    [InlineData("couscous", "couscous")]
    [InlineData("asparagus", "asparagus")]
    [InlineData("all-purpose flour", "all purpose flour")]
    [InlineData("peaches", "peach")]
    public void FoodKey_MakesPluralsSingularAndIgnoresCaseAndPunctuation(string food, string key) => Assert.Equal(key, IngredientParser.FoodKey(food));
}
