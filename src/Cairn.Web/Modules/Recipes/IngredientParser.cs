using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Cairn.Web.Modules.Recipes;

/// <summary>
/// One ingredient line read into its parts: "2 1/2 cups flour, sifted" is 2.5, cup, "flour", "sifted". The line
/// itself is always kept (<see cref="Line"/>); <see cref="LowConfidence"/> marks a reading a cook should check.
/// </summary>
public sealed record ParsedIngredient(string Line, double? Quantity, double? QuantityMax, string? Unit, string Food, string Note, bool LowConfidence)
{
    /// <summary>The food as the shopping list and the ingredient filters compare it (<see cref="IngredientParser.FoodKey"/>).</summary>
    public string FoodKey => IngredientParser.FoodKey(Food);
}

/// <summary>
/// Reads ingredient lines the way cooks and recipe sites write them: whole numbers, decimals (also with a comma),
/// fractions, mixed numbers and Unicode fractions (<c>1½</c>, <c>1 ½</c>), ranges (<c>1-2</c>, <c>2 to 3</c>,
/// <c>1 or 2</c>), number words (<c>a</c>, <c>one</c>, <c>half a</c>, <c>a dozen</c>), multipliers (<c>2 x 400g
/// cans</c>), units glued to the number (<c>200g</c>) or not, in short and long forms (<see cref="Units"/>); then the
/// food, and as the note what is in parentheses, after the first comma, or a closing "to taste", "for serving"….
/// A unit is only read straight after the number, so "1 cinnamon stick" is a food and "4 cupcakes" is no cup.
/// </summary>
public static partial class IngredientParser
{
    public const int MaxLineLength = 300;

    private static readonly Dictionary<char, string> VulgarFractions = new()
    {
        ['½'] = "1/2", ['⅓'] = "1/3", ['⅔'] = "2/3", ['¼'] = "1/4", ['¾'] = "3/4", ['⅕'] = "1/5", ['⅖'] = "2/5", ['⅗'] = "3/5",
        ['⅘'] = "4/5", ['⅙'] = "1/6", ['⅚'] = "5/6", ['⅛'] = "1/8", ['⅜'] = "3/8", ['⅝'] = "5/8", ['⅞'] = "7/8",
    };

    private static readonly Dictionary<string, double> NumberWords = new(StringComparer.OrdinalIgnoreCase)
    {
        ["a"] = 1, ["an"] = 1, ["one"] = 1, ["two"] = 2, ["three"] = 3, ["four"] = 4, ["five"] = 5, ["six"] = 6, ["seven"] = 7,
        ["eight"] = 8, ["nine"] = 9, ["ten"] = 10, ["eleven"] = 11, ["twelve"] = 12, ["dozen"] = 12, ["half"] = 0.5,
        ["quarter"] = 0.25, ["couple"] = 2,
    };

    private static readonly HashSet<string> Qualifiers = new(StringComparer.OrdinalIgnoreCase)
    {
        "about", "approx", "approximately", "around", "roughly", "scant", "heaped", "heaping", "generous", "rounded", "level",
    };

    // Units that may stand without a number ("pinch of salt").
    private static readonly HashSet<string> UnitsWithoutNumber = ["pinch", "dash", "handful", "sprig", "bunch", "drop"];

    private static readonly string[] ClosingNotes =
    [
        "or to taste", "to taste", "for garnish", "for garnishing", "to garnish", "for serving", "to serve", "for frying", "for greasing",
        "for dusting", "for brushing", "for drizzling", "for decoration", "to decorate", "as needed", "as required", "if needed", "optional",
    ];

    [GeneratedRegex(@"(?<=\d)\s*[-–—]\s*(?=\d)")]
    private static partial Regex DigitDash();

    [GeneratedRegex(@"^(\d+(?:[.,]\d+)?(?:/\d+)?)([^\d/.,\s].*)$")]
    private static partial Regex GluedUnit();

    [GeneratedRegex(@"^\d+(?:\.\d+)?$|^\d+,\d{1,2}$|^\d{1,3}(?:,\d{3})+$|^\.\d+$")]
    private static partial Regex Decimal();

    [GeneratedRegex(@"^(\d+)/(\d+)$")]
    private static partial Regex Fraction();

    [GeneratedRegex(@"^[x×]$", RegexOptions.IgnoreCase)]
    private static partial Regex Times();

    [GeneratedRegex(@"^(\d+)[x×]$", RegexOptions.IgnoreCase)]
    private static partial Regex GluedTimes();

    /// <summary>Reads one line; a blank line gives an empty food, marked low confidence.</summary>
    public static ParsedIngredient Parse(string line)
    {
        var original = line.Trim();
        if (original.Length > MaxLineLength) original = original[..MaxLineLength];
        var text = Normalize(original);
        var notes = new List<string>();

        // What follows the first comma outside parentheses is a note, whole.
        var (head, tail) = SplitAtComma(text);
        head = TakeParentheses(head, notes);

        var tokens = new List<string>(head.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        var i = 0;
        var qualifiers = new List<string>();
        while (i < tokens.Count - 1 && Qualifiers.Contains(tokens[i].TrimEnd('.')) && StartsNumber(tokens, i + 1))
        {
            qualifiers.Add(tokens[i]);
            i++;
        }

        double? quantity = null, max = null;
        string? unit = null;
        if (TryQuantity(tokens, ref i, out var value))
        {
            quantity = value;
            if (i < tokens.Count - 1 && tokens[i] is "-" or "to" or "or" && StartsNumber(tokens, i + 1))
            {
                var j = i + 1;
                if (TryQuantity(tokens, ref j, out var upper) && upper > value)
                {
                    max = upper;
                    i = j;
                }
            }

            // "2 x 400g cans": the count is the quantity, the size a note.
            if (i < tokens.Count && Times().IsMatch(tokens[i]) && i + 1 < tokens.Count && StartsNumber(tokens, i + 1))
            {
                var j = i + 1;
                var start = j;
                var written = tokens[start];
                var count = tokens.Count;
                if (TryQuantity(tokens, ref j, out _))
                {
                    if (tokens.Count > count)
                    {
                        // "400g": the size as written; the unit split from it is not the line's unit.
                        tokens.RemoveAt(j);
                        notes.Insert(0, written);
                    }
                    else
                    {
                        if (j < tokens.Count && Units.FromWord(tokens[j]) is { Kind: not UnitKind.Count }) j++;
                        notes.Insert(0, string.Join(' ', tokens[start..j]));
                    }

                    i = j;
                }
            }
        }

        if (i < tokens.Count && (quantity is not null || UnitsWithoutNumber.Contains(tokens[i].TrimEnd('.').ToLowerInvariant().TrimEnd('s'))))
        {
            var hasMore = i + 1 < tokens.Count;
            if (hasMore && i + 2 <= tokens.Count - 1 && Units.FromWords(tokens[i], tokens[i + 1]) is { } pair)
            {
                unit = pair.Code;
                i += 2;
            }
            else if (hasMore && Units.FromWord(tokens[i]) is { } single && (quantity is not null || UnitsWithoutNumber.Contains(single.Code)))
            {
                unit = single.Code;
                i++;
            }

            if (unit is not null && i < tokens.Count - 1 && tokens[i].Equals("of", StringComparison.OrdinalIgnoreCase)) i++;
        }

        var food = string.Join(' ', tokens.Skip(i)).Trim();
        if (food.StartsWith("of ", StringComparison.OrdinalIgnoreCase) && quantity is not null) food = food[3..];
        var closing = TakeClosingNote(ref food);
        food = food.Trim().TrimEnd(',', ';', ':', '.').Trim();

        var allNotes = new List<string>(qualifiers);
        allNotes.AddRange(notes);
        if (closing is not null) allNotes.Add(closing);
        if (tail.Length > 0) allNotes.Add(tail);

        var low = food.Length == 0
            || food.Any(char.IsDigit)
            || food.Split(' ')[0].EndsWith('.')
            || (quantity is null && char.IsDigit(text.FirstOrDefault()))
            || food.Length > 60;
        return new ParsedIngredient(original, quantity, max, unit, food, string.Join("; ", allNotes.Where(n => n.Length > 0)), low);
    }

    private static string Normalize(string line)
    {
        var text = new StringBuilder(line.Length + 8);
        foreach (var c in line)
        {
            if (VulgarFractions.TryGetValue(c, out var fraction))
            {
                // "1½" is "1 1/2"; "½" alone is "1/2".
                if (text.Length > 0 && char.IsDigit(text[^1])) text.Append(' ');
                text.Append(fraction).Append(' ');
            }
            else if (c == '⁄') text.Append('/');
            else if (c is '\u00A0' or '\t' or '\u2009' or '\u202F') text.Append(' ');
            else text.Append(c);
        }

        var result = text.ToString().Trim().TrimStart('-', '*', '•', '·', '▢', '☐', '◦', '‣').Trim();
        result = DigitDash().Replace(result, " - ");
        result = Regex.Replace(result, @"\s+", " ");
        // "2x" glued to its count.
        return string.Join(' ', result.Split(' ').SelectMany(token => GluedTimes().Match(token) is { Success: true } m ? new[] { m.Groups[1].Value, "x" } : [token]));
    }

    private static (string Head, string Tail) SplitAtComma(string text)
    {
        var depth = 0;
        for (var i = 0; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '(' or '[': depth++; break;
                case ')' or ']': depth = Math.Max(0, depth - 1); break;
                // A decimal comma ("1,5 kg") is part of a number, not a break.
                case ',' when depth == 0 && !(i > 0 && char.IsDigit(text[i - 1]) && i + 1 < text.Length && char.IsDigit(text[i + 1])):
                    return (text[..i].Trim(), text[(i + 1)..].Trim().TrimEnd('.').Trim());
            }
        }

        return (text, "");
    }

    private static string TakeParentheses(string text, List<string> notes)
    {
        var result = new StringBuilder(text.Length);
        var depth = 0;
        var inner = new StringBuilder();
        foreach (var c in text)
        {
            if (c is '(' or '[')
            {
                if (depth++ > 0) inner.Append(c);
                continue;
            }

            if (c is ')' or ']' && depth > 0)
            {
                if (--depth > 0) inner.Append(c);
                else
                {
                    if (inner.ToString().Trim() is { Length: > 0 } note) notes.Add(note);
                    inner.Clear();
                    result.Append(' ');
                }

                continue;
            }

            if (depth > 0) inner.Append(c);
            else result.Append(c);
        }

        // An unclosed parenthesis keeps its text in the line.
        if (inner.Length > 0) result.Append(' ').Append(inner);
        return Regex.Replace(result.ToString(), @"\s+", " ").Trim();
    }

    private static string? TakeClosingNote(ref string food)
    {
        foreach (var closing in ClosingNotes)
        {
            if (food.Equals(closing, StringComparison.OrdinalIgnoreCase)) continue;
            if (food.EndsWith(" " + closing, StringComparison.OrdinalIgnoreCase))
            {
                food = food[..^(closing.Length + 1)].TrimEnd();
                return closing;
            }
        }

        return null;
    }

    private static bool StartsNumber(List<string> tokens, int i)
    {
        if (i >= tokens.Count) return false;
        var token = tokens[i];
        if (GluedUnit().Match(token) is { Success: true } glued) token = glued.Groups[1].Value;
        return Decimal().IsMatch(token) || Fraction().IsMatch(token) || (NumberWords.ContainsKey(token) && !token.Equals("a", StringComparison.OrdinalIgnoreCase) && !token.Equals("an", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Reads a number at <paramref name="i"/> (and a fraction after it); a unit glued to it goes back in the list as the next token.</summary>
    private static bool TryQuantity(List<string> tokens, ref int i, out double value)
    {
        value = 0;
        if (i >= tokens.Count) return false;
        var token = tokens[i];

        if (NumberWords.TryGetValue(token, out var word))
        {
            // Never the whole line: "a" or "one" needs something after it.
            if (i + 1 >= tokens.Count) return false;
            var next = tokens[i + 1];
            if (token is "a" or "an" or "A" or "An" && next.Equals("half", StringComparison.OrdinalIgnoreCase)) { value = 0.5; i += 2; return true; }
            if (token is "a" or "an" or "A" or "An" && next.Equals("dozen", StringComparison.OrdinalIgnoreCase)) { value = 12; i += 2; return true; }
            if (token is "a" or "an" or "A" or "An" && next.Equals("couple", StringComparison.OrdinalIgnoreCase)) { value = 2; i += 2; SkipOf(tokens, ref i); return true; }
            if (token.Equals("half", StringComparison.OrdinalIgnoreCase) && next is "a" or "an" && i + 2 < tokens.Count) { value = 0.5; i += 2; return true; }
            if (token.Equals("couple", StringComparison.OrdinalIgnoreCase)) { value = 2; i++; SkipOf(tokens, ref i); return true; }
            value = word;
            i++;
            // "one dozen", "two dozen"
            if (i < tokens.Count - 1 && tokens[i].Equals("dozen", StringComparison.OrdinalIgnoreCase)) { value *= 12; i++; }
            return true;
        }

        string? glued = null;
        if (GluedUnit().Match(token) is { Success: true } match && Units.FromWord(match.Groups[2].Value) is not null)
        {
            token = match.Groups[1].Value;
            glued = match.Groups[2].Value;
        }

        if (!TryNumber(token, out value)) return false;
        i++;
        if (glued is not null)
        {
            tokens.Insert(i, glued);
            return true;
        }

        // A mixed number: "2 1/2".
        if (value == Math.Floor(value) && i < tokens.Count && Fraction().Match(tokens[i]) is { Success: true } && TryNumber(tokens[i], out var fraction) && fraction < 1)
        {
            value += fraction;
            i++;
        }
        else if (value == Math.Floor(value) && i < tokens.Count && GluedUnit().Match(tokens[i]) is { Success: true } gluedFraction
                 && Fraction().IsMatch(gluedFraction.Groups[1].Value) && TryNumber(gluedFraction.Groups[1].Value, out fraction) && fraction < 1
                 && Units.FromWord(gluedFraction.Groups[2].Value) is not null)
        {
            value += fraction;
            tokens[i] = gluedFraction.Groups[2].Value;
        }

        return true;
    }

    private static void SkipOf(List<string> tokens, ref int i)
    {
        if (i < tokens.Count - 1 && tokens[i].Equals("of", StringComparison.OrdinalIgnoreCase)) i++;
    }

    private static bool TryNumber(string token, out double value)
    {
        value = 0;
        if (Fraction().Match(token) is { Success: true } fraction)
        {
            var denominator = double.Parse(fraction.Groups[2].Value, CultureInfo.InvariantCulture);
            if (denominator == 0) return false;
            value = double.Parse(fraction.Groups[1].Value, CultureInfo.InvariantCulture) / denominator;
            return value is > 0 and < 100_000;
        }

        if (!Decimal().IsMatch(token)) return false;
        // "1,5" is one and a half; "1,000" a thousand.
        var invariant = System.Text.RegularExpressions.Regex.IsMatch(token, @"^\d+,\d{1,2}$") ? token.Replace(',', '.') : token.Replace(",", "", StringComparison.Ordinal);
        return double.TryParse(invariant, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value) && value is >= 0 and < 100_000;
    }

    /// <summary>
    /// The food as lists and filters compare it: lower case, single spaces, each word's plural made singular by the
    /// common English endings ("tomatoes" and "tomato", "berries" and "berry", "eggs" and "egg" are one food).
    /// </summary>
    public static string FoodKey(string food) =>
        string.Join(' ', Regex.Split(food.ToLowerInvariant(), @"[^\p{L}\p{N}]+").Where(w => w.Length > 0).Select(Singular));

    /// <summary>A word's singular by the common English endings; words that end in -ss, -us or -is are left alone.</summary>
    public static string Singular(string word)
    {
        if (word.Length <= 3) return word;
        if (word.EndsWith("ies", StringComparison.Ordinal)) return word[..^3] + "y";
        if (word.EndsWith("oes", StringComparison.Ordinal) || word.EndsWith("ches", StringComparison.Ordinal) || word.EndsWith("shes", StringComparison.Ordinal)
            || word.EndsWith("xes", StringComparison.Ordinal) || word.EndsWith("sses", StringComparison.Ordinal)) return word[..^2];
        if (word.EndsWith("ss", StringComparison.Ordinal) || word.EndsWith("us", StringComparison.Ordinal) || word.EndsWith("is", StringComparison.Ordinal)) return word;
        return word.EndsWith('s') ? word[..^1] : word;
    }
}
