using System.Diagnostics;
using System.Text;
using Cairn.Web.Platform.Web;

// Render time of Cairn's Markdown renderer against input size, for each input shape that made Markdig or the
// sanitizer grow faster than the input (issue 10). Each shape is built twice: as one block (the attack as it was;
// the renderer should refuse it at once) and cut into blocks just under the renderer's markup-per-block limit
// (the worst text it still accepts; its time must grow about linearly). The baseline is plain prose of the same
// size, rendered in the same process; "x prose" is the shape's time over the baseline's.
//   dotnet run -c Release --project bench/Markdown [-- --sizes 12500,25000,50000,100000 --runs 5]
var sizes = Arg("--sizes", "12500,25000,50000,100000").Split(',').Select(int.Parse).ToArray();
var runs = int.Parse(Arg("--runs", "5"));
var options = new MarkdownOptions();
var renderer = new MarkdownRenderer();
var perBlock = options.MaxMarkupPerBlock;

var shapes = new (string Name, string Unit, int MarkupPerUnit)[]
{
    ("table rows", "| x | *y* |\n", 2),
    ("link openers", "[a](", 1),
    ("emphasis", "*a_", 2),
    ("brackets", "[", 1),
    ("html tags", "a <b> ", 1),
    ("divs", "<div>", 1),
    ("quotes", ">", 0),
    ("list nesting", "- ", 0),
};

string Prose(int n) => Repeat("The quick brown fox jumps over the lazy dog. ", n, 0, 0);

Console.WriteLine($"runs per point: {runs} (median); limits: {options.MaxLength:N0} characters, {perBlock:N0} markup characters per block, {options.MaxHtmlTags:N0} HTML tags, {options.TimeBudget.TotalMilliseconds} ms");
Console.WriteLine($"{"shape",-14} {"form",-8} {"size",8} {"ms",9} {"x prose",8} {"us/KB",8}  outcome");
var baseline = sizes.ToDictionary(n => n, n => Measure(Prose(n)).Ms);
foreach (var n in sizes) Console.WriteLine($"{"prose",-14} {"",-8} {n,8} {baseline[n],9:F2} {1.0,8:F2} {baseline[n] * 1000 / (n / 1000.0),8:F1}  rendered");
foreach (var (name, unit, markup) in shapes)
    foreach (var form in new[] { "one", "blocks" })
        foreach (var n in sizes)
        {
            var text = form == "one" ? Repeat(unit, n, 0, 0) : Repeat(unit, n, markup, perBlock);
            var (ms, outcome) = Measure(text);
            Console.WriteLine($"{name,-14} {form,-8} {n,8} {ms,9:F2} {ms / baseline[n],8:F2} {ms * 1000 / (n / 1000.0),8:F1}  {outcome}");
        }

(double Ms, string Outcome) Measure(string text)
{
    var times = new List<double>();
    var outcome = "";
    for (var i = 0; i < runs + 1; i++)
    {
        var started = Stopwatch.GetTimestamp();
        var result = renderer.Render(text);
        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        if (i > 0) times.Add(elapsed); // the first run warms up
        outcome = result.Problem is { } p ? "refused: " + p[..Math.Min(60, p.Length)] : "rendered";
    }
    times.Sort();
    return (times[times.Count / 2], outcome);
}

// unit repeated to length characters; with a limit, a blank line whenever the next unit would pass it.
static string Repeat(string unit, int length, int markupPerUnit, int limit)
{
    var sb = new StringBuilder(length + unit.Length + 2);
    var inBlock = 0;
    while (sb.Length < length)
    {
        if (limit > 0 && inBlock + markupPerUnit > limit) { sb.Append("\n\n"); inBlock = 0; }
        sb.Append(unit);
        inBlock += markupPerUnit;
    }
    return sb.ToString(0, length);
}

string Arg(string name, string fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}
