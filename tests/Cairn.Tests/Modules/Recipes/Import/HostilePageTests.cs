using System.Text;
using Cairn.Web.Modules.Recipes.Import;

namespace Cairn.Tests.Modules.Recipes.Import;

/// <summary>
/// Pages made to hurt the reader: scripts that would rewrite the recipe, javascript: images, ten thousand (or a
/// million) nested elements, a JSON-LD array of a hundred thousand ingredients, tag soup. The reader runs no
/// script, keeps only http(s) images, flattens absurd nesting before parsing, never recurses through the page and
/// stops reading at its limits. Each timed read is run once before it is timed, so JIT compiling is not counted; the
/// time is the reading thread's processor time (<see cref="CpuClock"/>), and the class runs alone
/// (<see cref="TimedReads"/>), so neither other tests nor other processes on the machine make it fail.
/// </summary>
[Collection(nameof(TimedReads))]
public sealed class HostilePageTests
{
    private const int Nesting = 10_000;

    private static string HostilePage()
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html><head><title>Bottomless soup</title>");
        html.Append("""<script type="application/ld+json">{"@type":"Recipe","name":"Bottomless Soup","image":["javascript:alert(document.cookie)"," JaVaScRiPt:alert(1)","data:image/png;base64,AAAA","https://soup.example/soup.jpg"],"recipeIngredient":[""");
        for (var i = 0; i < 100_000; i++) html.Append(i == 0 ? "" : ",").Append('"').Append(i).Append(" g salt\"");
        html.Append("""],"recipeInstructions":[""");
        for (var i = 0; i < 10_000; i++) html.Append(i == 0 ? "" : ",").Append("\"Stir the pot once more.\"");
        html.Append("]}</script>");
        // Never run: the reader sees the page as it was sent.
        html.Append("<script>document.querySelectorAll('script').forEach(s => s.remove()); document.write('<ul><li itemprop=recipeIngredient>hacked</li></ul>');</script>");
        html.Append("</head><body>");
        for (var i = 0; i < Nesting; i++) html.Append("<div>");
        html.Append("<p>deep down</p>");
        for (var i = 0; i < Nesting; i++) html.Append("</div>");
        html.Append("</body></html>");
        return html.ToString();
    }

    [Fact]
    public void Read_AHostilePage_RunsNoScriptDropsJavascriptImagesAndStopsAtTheLimitsQuickly()
    {
        var html = HostilePage();
        RecipePageReader.Read(html, null);   // once untimed, so that the clock measures reading, not compiling

        ImportedRecipe? recipe = null;
        var (cpu, wall) = CpuClock.Measure(() => recipe = RecipePageReader.Read(html, new Uri("https://soup.example/")));

        Assert.NotNull(recipe);
        Assert.Equal(("json-ld", "Bottomless Soup"), (recipe.Method, recipe.Title));
        Assert.Equal(100, recipe.IngredientLines.Count);
        Assert.Equal(("0 g salt", "99 g salt"), (recipe.IngredientLines[0], recipe.IngredientLines[^1]));
        Assert.DoesNotContain(recipe.IngredientLines, line => line.Contains("hacked", StringComparison.Ordinal));
        Assert.Equal(["https://soup.example/soup.jpg"], recipe.ImageUrls);
        Assert.InRange(recipe.Steps.Length, 40_000, 50_000);
        Assert.EndsWith(". Stir the pot once more.", recipe.Steps, StringComparison.Ordinal);
        Assert.True(cpu < TimeSpan.FromSeconds(1), $"{html.Length:N0} characters read in {cpu.TotalMilliseconds} ms of processor time ({wall.TotalMilliseconds:0} ms on the wall clock)");
    }

    [Theory]
    [InlineData("<div>", "</div>")]
    [InlineData("<span><b>", "</b></span>")]
    [InlineData("<ul><li><section>", "</section></li></ul>")]
    public void Read_ARecipeBesideTenThousandNestedElements_IsReadQuicklyOnASmallStack(string open, string close)
    {
        var html = new StringBuilder("<html><body>");
        html.Append("""
            <div itemscope itemtype="https://schema.org/Recipe"><h1 itemprop="name">Deep Dish</h1>
            <ul><li itemprop="recipeIngredient">1 pizza base</li></ul>
            <ol itemprop="recipeInstructions"><li>Bake it.</li></ol></div>
            """);
        for (var i = 0; i < Nesting; i++) html.Append(open);
        html.Append("<p>deep down</p>");
        for (var i = 0; i < Nesting; i++) html.Append(close);
        html.Append("<h2>Ingredients</h2><ul><li>1 pizza base</li></ul><h2>Method</h2><ol><li>Bake it.</li></ol></body></html>");
        var page = html.ToString();
        var withoutMicrodata = page.Replace("itemscope", "data-x", StringComparison.Ordinal);
        RecipePageReader.Read(page, null);
        RecipePageReader.Read(withoutMicrodata, null);

        // A thread with a quarter of a megabyte of stack: any recursion through the page would overflow it.
        ImportedRecipe? microdata = null, fallback = null;
        Exception? failure = null;
        var cpu = TimeSpan.Zero;
        var thread = new Thread(() =>
        {
            try
            {
                cpu = CpuClock.Measure(() =>
                {
                    microdata = RecipePageReader.Read(page, null);
                    fallback = RecipePageReader.Read(withoutMicrodata, null);
                }).Cpu;
            }
            catch (Exception e)
            {
                failure = e;
            }
        }, maxStackSize: 256 * 1024);
        thread.Start();
        thread.Join();

        Assert.Null(failure);
        Assert.NotNull(microdata);
        Assert.Equal(("microdata", "Deep Dish", "1. Bake it."), (microdata.Method, microdata.Title, microdata.Steps));
        Assert.NotNull(fallback);
        Assert.Equal(("page", "1. Bake it."), (fallback.Method, fallback.Steps));
        Assert.Equal(["1 pizza base"], fallback.IngredientLines);
        Assert.True(cpu < TimeSpan.FromSeconds(1), $"two reads in {cpu.TotalMilliseconds} ms of processor time");
    }

    [Fact]
    public void Flatten_FiveMegabytesOfNestedDivs_KeepsTheTextAndStaysLinear()
    {
        var html = string.Concat(Enumerable.Repeat("<div>", 1_000_000)) + "soup" + string.Concat(Enumerable.Repeat("</div>", 20));
        RecipePageReader.Read(html, null);
        var flat = "";
        ImportedRecipe? recipe = null;

        var (cpu, _) = CpuClock.Measure(() =>
        {
            flat = HtmlNesting.Flatten(html);
            recipe = RecipePageReader.Read(html, null);
        });

        Assert.Null(recipe);
        Assert.Contains("soup", flat, StringComparison.Ordinal);
        Assert.Equal(HtmlNesting.MaxDepth, flat.AsSpan().Count("<div>"));
        Assert.True(cpu < TimeSpan.FromSeconds(1), $"{cpu.TotalMilliseconds} ms of processor time");
    }

    [Fact]
    public void Flatten_AnOrdinaryPage_IsLeftAsItIs()
    {
        var page = RecipePageReaderTests.Page("yoast-graph.html");
        var svg = "<svg>" + string.Concat(Enumerable.Repeat("<path d=\"M0 0\"/>", 1_000)) + "</svg>";
        var list = "<ul>" + string.Concat(Enumerable.Repeat("<li><p>item", 1_000)) + "</ul>";
        var busy = page.Replace("<footer>", svg + list + "<footer>", StringComparison.Ordinal);

        Assert.Same(page, HtmlNesting.Flatten(page));
        Assert.Same(busy, HtmlNesting.Flatten(busy));
    }

    [Fact]
    public void Read_TagSoupWithoutEnds_StaysLinear()
    {
        // Unclosed tags and lone '<' in JSON text: the tag stripper must not rescan the rest for each one.
        var soup = string.Concat(Enumerable.Repeat("<b 1 < 2 &amp ", 200_000));
        var html = $$"""<script type="application/ld+json">{"@type":"Recipe","name":"Soup","description":"{{soup}}"}</script>""";
        RecipePageReader.Read(html, null);
        ImportedRecipe? recipe = null;

        var (cpu, _) = CpuClock.Measure(() => recipe = RecipePageReader.Read(html, null));

        Assert.NotNull(recipe);
        Assert.Equal(1_000, recipe.Summary.Length);
        Assert.True(cpu < TimeSpan.FromSeconds(1), $"{cpu.TotalMilliseconds} ms of processor time");
    }
}

/// <summary>Tests that time what they do run apart from all others.</summary>
[CollectionDefinition(nameof(TimedReads), DisableParallelization = true)]
public sealed class TimedReads;
