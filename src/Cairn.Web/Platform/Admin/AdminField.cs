using System.Globalization;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Cairn.Web.Platform.Admin;

/// <summary>The input a change form shows for a field, chosen from its type in the EF Core model.</summary>
public enum AdminFieldKind
{
    Text,
    TextArea,
    Number,
    Fraction,
    Checkbox,
    DateTime,
    Date,
    Choice,
    Lookup,
    ManyToMany,
}

/// <summary>
/// One field of a change form, read from the EF Core model (type, required, maximum length, enum values, foreign
/// key) and from the registration (read-only, group, label). A value has three text forms: what the input shows
/// (times in the reader's zone, a foreign key as "label #key"), what is stored in the form's copy of the original
/// values and in the history (invariant, times in UTC), and what a page shows.
/// </summary>
public sealed partial class AdminField
{
    private readonly PropertyInfo _property;
    private readonly Type _type;

    /// <summary>A many-to-many field (a post's tags): its value is the linked rows, as "Label #key" lines.</summary>
    internal AdminField(PropertyInfo collection, string label, string? group, AdminRegistration target)
    {
        _property = collection;
        _type = typeof(string);
        _target = target;
        Name = collection.Name;
        Label = label;
        Group = group;
        Lookup = target.Lookup;
        IsNullable = true;
        Kind = AdminFieldKind.ManyToMany;
        Choices = [];
    }

    private readonly AdminRegistration? _target;

    /// <summary>The registration a many-to-many field links to.</summary>
    internal AdminRegistration? Target => _target;

    internal AdminField(PropertyInfo property, IProperty model, string label, bool readOnly, bool textArea, string? group, AdminLookup? lookup)
    {
        _property = property;
        _type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        Name = property.Name;
        Label = label;
        Group = group;
        Lookup = lookup;
        ReadOnly = readOnly || property.SetMethod is not { IsPublic: true };
        IsNullable = model.IsNullable;
        MaxLength = model.GetMaxLength();
        // A string the class marks `required` must not be empty; one with a default ("") may be.
        Required = _type == typeof(string)
            ? property.GetCustomAttribute<RequiredMemberAttribute>() is not null
            : !IsNullable && _type != typeof(bool);
        Kind = lookup is not null ? AdminFieldKind.Lookup
            : _type == typeof(string) ? (textArea || MaxLength is null or > 300 ? AdminFieldKind.TextArea : AdminFieldKind.Text)
            : _type == typeof(bool) ? AdminFieldKind.Checkbox
            : _type.IsEnum ? AdminFieldKind.Choice
            : _type == typeof(DateTime) ? AdminFieldKind.DateTime
            : _type == typeof(DateOnly) ? AdminFieldKind.Date
            : _type == typeof(int) || _type == typeof(long) || _type == typeof(short) ? AdminFieldKind.Number
            : _type == typeof(decimal) || _type == typeof(double) || _type == typeof(float) ? AdminFieldKind.Fraction
            : AdminFieldKind.Text;
        // A type without an input of its own (a Guid that is no foreign key) is shown, not edited.
        if (Kind == AdminFieldKind.Text && _type != typeof(string)) ReadOnly = true;
        Choices = _type.IsEnum ? [.. Enum.GetNames(_type).Select(n => (n, AdminText.Words(n)))] : [];
    }

    /// <summary>The property's name, also the input's name.</summary>
    public string Name { get; }

    public string Label { get; }

    public AdminFieldKind Kind { get; }

    public bool Required { get; }

    public bool IsNullable { get; }

    public int? MaxLength { get; }

    public bool ReadOnly { get; }

    /// <summary>The field group (a fieldset) it is shown in; null for the first, untitled one.</summary>
    public string? Group { get; }

    /// <summary>An enum's values: the stored name and its label.</summary>
    public IReadOnlyList<(string Value, string Label)> Choices { get; }

    /// <summary>Where a foreign key's values are looked up (an autocomplete, never a whole table).</summary>
    public AdminLookup? Lookup { get; }

    /// <summary>
    /// The field's value in <paramref name="entity"/>; for a many-to-many field, its linked rows (the collection
    /// must be loaded) as "Label #key" lines in key order.
    /// </summary>
    public object? Get(object entity) => _target is null
        ? _property.GetValue(entity)
        : string.Join('\n', ((System.Collections.IEnumerable)_property.GetValue(entity)!).Cast<object>()
            .Select(row => (Key: _target.KeyOf(row), Label: _target.LabelOf(row)))
            .OrderBy(r => r.Key.Length).ThenBy(r => r.Key, StringComparer.Ordinal)
            .Select(r => $"{r.Label} #{r.Key}"));

    /// <summary>The keys of a many-to-many value ("Label #key" lines, or keys alone).</summary>
    public static IReadOnlyList<string> KeysOf(string value) =>
        [.. value.Split(['\n', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => KeyPart().Match(line) is { Success: true } m ? m.Groups[1].Value : line)
            .Where(k => k.Length is > 0 and <= 64).Distinct()];

    /// <summary>Whether two stored values are the same: for a many-to-many field, the same keys whatever the labels.</summary>
    public bool Same(string a, string b) => Kind == AdminFieldKind.ManyToMany
        ? KeysOf(a).Order(StringComparer.Ordinal).SequenceEqual(KeysOf(b).Order(StringComparer.Ordinal))
        : a == b;

    /// <summary>The collection a many-to-many field links through.</summary>
    internal System.Collections.IList Links(object entity) => (System.Collections.IList)_property.GetValue(entity)!;

    internal void Set(object entity, object? value) => _property.SetValue(entity, value);

    /// <summary>The invariant text of a value: in the form's copy of the original values and in the history.</summary>
    public string Store(object? value) => value switch
    {
        null => "",
        bool b => b ? "true" : "false",
        DateTime d => DateTime.SpecifyKind(d, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        Enum e => e.ToString(),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// <summary>Reads back a value <see cref="Store"/> wrote; false when it no longer fits the field (a renamed enum value).</summary>
    public bool TryRestore(string stored, out object? value)
    {
        value = null;
        if (stored.Length == 0) return IsNullable || _type == typeof(string);
        try
        {
            value = _type == typeof(string) ? stored
                : _type == typeof(bool) ? stored == "true"
                : _type.IsEnum ? Enum.Parse(_type, stored)
                : _type == typeof(DateTime) ? DateTime.SpecifyKind(DateTime.Parse(stored, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal), DateTimeKind.Utc)
                : _type == typeof(DateOnly) ? DateOnly.ParseExact(stored, "yyyy-MM-dd", CultureInfo.InvariantCulture)
                : _type == typeof(Guid) ? Guid.Parse(stored)
                : Convert.ChangeType(stored, _type, CultureInfo.InvariantCulture);
            return true;
        }
        catch (Exception e) when (e is FormatException or OverflowException or ArgumentException or InvalidCastException)
        {
            return false;
        }
    }

    /// <summary>What the input shows for <paramref name="value"/>: times in the reader's zone, a foreign key with its label.</summary>
    public string Input(object? value, UserClock clock, string? lookupLabel = null) => value switch
    {
        null => "",
        DateTime d => clock.ToLocal(d).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture),
        _ when Kind == AdminFieldKind.Lookup => lookupLabel is null ? $"#{Store(value)}" : $"{lookupLabel} #{Store(value)}",
        _ => Store(value),
    };

    /// <summary>
    /// Reads what a reader typed into the input. Returns the error to show beside the field, or null with the value.
    /// A foreign key is read from its trailing "#key" (or a bare key); whether that row exists in the workspace is
    /// checked by the form, through the lookup.
    /// </summary>
    public string? Parse(string? typed, UserClock clock, out object? value)
    {
        value = null;
        typed = _type == typeof(string) ? typed?.Replace("\r\n", "\n", StringComparison.Ordinal) : typed?.Trim();
        if (Kind == AdminFieldKind.Checkbox)
        {
            value = typed is "true" or "on";
            return null;
        }

        if (string.IsNullOrEmpty(typed) || (_type != typeof(string) && string.IsNullOrWhiteSpace(typed)))
        {
            if (Required) return "This field is required.";
            value = _type == typeof(string) && !IsNullable ? "" : null;
            return null;
        }

        if (_type == typeof(string))
        {
            if (MaxLength is { } max && typed.Length > max) return $"At most {max} characters (this has {typed.Length}).";
            if (Required && string.IsNullOrWhiteSpace(typed)) return "This field is required.";
            value = typed;
            return null;
        }

        if (Kind == AdminFieldKind.Lookup)
        {
            var key = KeyPart().Match(typed) is { Success: true } m ? m.Groups[1].Value : typed;
            return TryRestore(key, out value) && value is not null ? null : "Choose one of the suggestions, or type its #number.";
        }

        if (_type.IsEnum)
        {
            var name = Enum.GetNames(_type).FirstOrDefault(n => string.Equals(n, typed, StringComparison.OrdinalIgnoreCase));
            if (name is null) return "Choose one of the listed values.";
            value = Enum.Parse(_type, name);
            return null;
        }

        if (_type == typeof(DateTime))
        {
            if (!DateTime.TryParse(typed, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local)) return "Enter a date and time, such as 2026-12-24 18:30.";
            value = clock.ToUtc(local);
            return null;
        }

        if (_type == typeof(DateOnly))
        {
            if (!DateOnly.TryParse(typed, CultureInfo.InvariantCulture, out var date)) return "Enter a date, such as 2026-12-24.";
            value = date;
            return null;
        }

        return TryRestore(typed, out value) ? null : Kind == AdminFieldKind.Number ? "Enter a whole number." : "Enter a number.";
    }

    /// <summary>
    /// Reads a CSV cell: the stored form the export writes (times in UTC, enum names, keys), or what a person
    /// would type in a spreadsheet (yes/no, "Label #key"). Returns the error, or null with the value.
    /// </summary>
    public string? ParseImported(string cell, out object? value)
    {
        value = null;
        cell = _type == typeof(string) ? cell : cell.Trim();
        if (cell.Length == 0 || (_type == typeof(string) && string.IsNullOrWhiteSpace(cell) && Required))
        {
            if (Required && Kind != AdminFieldKind.Checkbox) return "is required";
            value = _type == typeof(string) && !IsNullable ? "" : _type == typeof(bool) ? false : null;
            return null;
        }

        switch (Kind)
        {
            case AdminFieldKind.Checkbox:
                value = cell.ToLowerInvariant() switch { "true" or "yes" or "1" => true, "false" or "no" or "0" => false, _ => null };
                return value is null ? "must be yes or no" : null;
            case AdminFieldKind.Lookup:
                var key = KeyPart().Match(cell) is { Success: true } m ? m.Groups[1].Value : cell;
                return TryRestore(key, out value) && value is not null ? null : "must be a key (12, #12 or “Label #12”)";
            case AdminFieldKind.Choice:
                var name = Enum.GetNames(_type).FirstOrDefault(n => string.Equals(n, cell.Replace(" ", "", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase));
                if (name is null) return $"must be one of {string.Join(", ", Enum.GetNames(_type))}";
                value = Enum.Parse(_type, name);
                return null;
            case AdminFieldKind.DateTime:
                if (!DateTime.TryParse(cell, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var at)) return "must be a date and time in UTC, such as 2026-12-24T18:30:00Z";
                value = DateTime.SpecifyKind(at, DateTimeKind.Utc);
                return null;
        }

        if (_type == typeof(string))
        {
            if (MaxLength is { } max && cell.Length > max) return $"is longer than {max} characters";
            value = cell;
            return null;
        }

        return TryRestore(cell, out value) ? null : Kind == AdminFieldKind.Date ? "must be a date such as 2026-12-24" : "must be a number";
    }

    /// <summary>How a stored value reads on a page (history, conflicts, the delete page).</summary>
    public string Show(string stored, UserClock clock)
    {
        if (stored.Length == 0) return "—";
        if (Kind == AdminFieldKind.ManyToMany) return stored.Replace("\n", ", ", StringComparison.Ordinal);
        if (!TryRestore(stored, out var value) || value is null) return stored;
        return value switch
        {
            bool b => b ? "yes" : "no",
            DateTime d => clock.ToLocal(d).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
            Enum e => AdminText.Words(e.ToString()),
            string s when s.Length > 200 => s[..199] + "…",
            _ when Kind == AdminFieldKind.Lookup => "#" + stored,
            _ => stored,
        };
    }

    [GeneratedRegex(@"#\s*([0-9A-Fa-f-]+)\s*$")]
    private static partial Regex KeyPart();
}

/// <summary>Words for names: "PublishedAt" is "published at".</summary>
public static partial class AdminText
{
    public static string Words(string name) => CamelHumps().Replace(name, " $1").Trim().ToLowerInvariant();

    public static string Capitalised(string words) => words.Length == 0 ? words : char.ToUpperInvariant(words[0]) + words[1..];

    [GeneratedRegex("(?<!^)([A-Z])")]
    private static partial Regex CamelHumps();
}
