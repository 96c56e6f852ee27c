using System.Globalization;
using System.Linq.Expressions;
using System.Reflection;

namespace Cairn.Web.Platform.Admin;

// The change list's sidebar filters: yes/no and enum fields (every value), foreign keys (the commonest values,
// named), and dates (today, past 7 days, this month, this year, a range, and a year/month/day drill-down), each
// value with how many rows it would show under the search and the other filters.
public sealed partial class AdminFor<T>
{
    public const int ForeignKeyValues = 10;

    private enum FilterKind
    {
        Values,
        ForeignKey,
        Date,
    }

    // A sidebar filter over one field. Read turns a chosen query value into the narrowing it means (null: not a
    // value of this filter, ignored); ValuesAsync lists the values to offer, with their counts.
    private sealed class SidebarFilter(string key, string heading, FilterKind kind, LambdaExpression over)
    {
        public string Key => key;
        public string Heading => heading;
        public FilterKind Kind => kind;
        public LambdaExpression Field => over;
        public bool DrillDown { get; set; }
        public Func<string, FilterScope, Func<IQueryable<T>, IQueryable<T>>?> Read { get; set; } = (_, _) => null;
        public Func<CairnDbContext, IQueryable<T>, FilterScope, string?, CancellationToken, Task<IReadOnlyList<FilterValue>>> ValuesAsync { get; set; } = null!;
    }

    /// <summary>The reader's "now" and time zone, in which "today" and "this month" are meant.</summary>
    private sealed record FilterScope(DateTime NowUtc, TimeZoneInfo Zone)
    {
        public DateTime Local => TimeZoneInfo.ConvertTimeFromUtc(NowUtc, Zone);

        public DateTime Utc(DateTime local) => TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), Zone);
    }

    private static string KeyOf(string name) =>
        (name.StartsWith("Is", StringComparison.Ordinal) && name.Length > 2 && char.IsUpper(name[2]) ? name[2..] : name.EndsWith("Id", StringComparison.Ordinal) && name.Length > 2 ? name[..^2] : name).ToLowerInvariant();

    /// <summary>
    /// A sidebar filter (<c>?status=done</c>) over a field: yes/no or enum (every value), a foreign key (its
    /// commonest values, named by the row they point at), or a date (today, past 7 days, this month, this year,
    /// or a range). The query key is the property's name in lower case, without a leading "Is" or trailing "Id".
    /// </summary>
    public AdminFor<T> Filter<TValue>(Expression<Func<T, TValue>> field, string? heading = null) where TValue : struct =>
        AddFilter(field, typeof(TValue), heading);

    /// <summary>The same over a field that may be empty: its filter also offers "none".</summary>
    public AdminFor<T> Filter<TValue>(Expression<Func<T, TValue?>> field, string? heading = null) where TValue : struct =>
        AddFilter(field, typeof(TValue), heading);

    /// <summary>A date filter with a drill-down above the list (Django's <c>date_hierarchy</c>): years, then months, then days.</summary>
    public AdminFor<T> DateHierarchy(Expression<Func<T, DateTime?>> field, string? heading = null)
    {
        AddFilter(field, typeof(DateTime), heading);
        _filters[^1].DrillDown = true;
        return this;
    }

    public AdminFor<T> DateHierarchy(Expression<Func<T, DateTime>> field, string? heading = null)
    {
        AddFilter(field, typeof(DateTime), heading);
        _filters[^1].DrillDown = true;
        return this;
    }

    private AdminFor<T> AddFilter(LambdaExpression field, Type type, string? heading)
    {
        var name = field.Body is MemberExpression member ? member.Member.Name : throw new ArgumentException("A filter names a property.", nameof(field));
        var kind = type == typeof(bool) || type.IsEnum ? FilterKind.Values : type == typeof(DateTime) ? FilterKind.Date : FilterKind.ForeignKey;
        var filter = new SidebarFilter(KeyOf(name), heading ?? HeadingOf(field), kind, field);
        // Foreign keys are read once the site knows what they point at (Prepare).
        if (kind == FilterKind.Values) typeof(AdminFor<T>).GetMethod(nameof(ValuesFilter), BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(field.ReturnType).Invoke(null, [filter]);
        if (kind == FilterKind.Date) DateFilter(filter);
        _filters.Add(filter);
        return this;
    }

    // Every value of a yes/no or enum field (and "none" where it may be empty), counted in one GROUP BY.
    private static void ValuesFilter<TValue>(SidebarFilter filter)
    {
        var type = Nullable.GetUnderlyingType(typeof(TValue)) ?? typeof(TValue);
        var values = type == typeof(bool)
            ? [(Value: (object?)true, Query: "yes", Label: "yes"), (false, "no", "no")]
            : Enum.GetValues(type).Cast<object>().Select(v => (Value: (object?)v, Query: v.ToString()!.ToLowerInvariant(), Label: AdminText.Words(v.ToString()!))).ToList();
        if (Nullable.GetUnderlyingType(typeof(TValue)) is not null) values.Add((null, "none", "none"));
        var field = (Expression<Func<T, TValue>>)filter.Field;
        filter.Read = (query, _) => values.FirstOrDefault(v => string.Equals(v.Query, query, StringComparison.OrdinalIgnoreCase)) is { Query: not null } chosen
            ? rows => rows.Where(Expression.Lambda<Func<T, bool>>(Expression.Equal(field.Body, Parameter((TValue)chosen.Value!)), field.Parameters))
            : null;
        filter.ValuesAsync = async (_, rows, _, chosen, cancellationToken) =>
        {
            var counts = await rows.GroupBy(field).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
            return [.. values.Select(v => new FilterValue(v.Query, v.Label, counts.FirstOrDefault(c => Equals(c.Key, v.Value))?.Count ?? 0, v.Query == chosen))];
        };
    }

    // The commonest values of a foreign key under the search and other filters, named through its lookup: two
    // queries (one GROUP BY, one for the names), whatever the table's size.
    private void ForeignKeyFilter(SidebarFilter filter, AdminField target)
    {
        var lookup = target.Lookup ?? throw new InvalidOperationException($"The filter on {typeof(T).Name}.{target.Name} needs a foreign key the admin can look up.");
        typeof(AdminFor<T>).GetMethod(nameof(TypedForeignKeyFilter), BindingFlags.NonPublic | BindingFlags.Static)!
            .MakeGenericMethod(filter.Field.ReturnType).Invoke(null, [filter, target, lookup]);
    }

    private static void TypedForeignKeyFilter<TValue>(SidebarFilter filter, AdminField target, AdminLookup lookup)
    {
        var field = (Expression<Func<T, TValue>>)filter.Field;
        var nullable = Nullable.GetUnderlyingType(typeof(TValue)) is not null || !typeof(TValue).IsValueType;
        filter.Read = (query, _) =>
        {
            if (query == "none" && nullable) return rows => rows.Where(Expression.Lambda<Func<T, bool>>(Expression.Equal(field.Body, Expression.Constant(null, typeof(TValue))), field.Parameters));
            if (!target.TryRestore(query, out var key) || key is null) return null;
            return rows => rows.Where(Expression.Lambda<Func<T, bool>>(Expression.Equal(field.Body, Parameter((TValue)key)), field.Parameters));
        };
        filter.ValuesAsync = async (db, rows, _, chosen, cancellationToken) =>
        {
            var top = await rows.GroupBy(field).Select(g => new { g.Key, Count = g.Count() })
                .OrderByDescending(g => g.Count).Take(ForeignKeyValues + 1).ToListAsync(cancellationToken);
            var keys = top.Where(t => t.Key is not null).Select(t => target.Store(t.Key)).ToList();
            var labels = await lookup.LabelsAsync(db, keys, cancellationToken);
            var values = top.Where(t => t.Key is not null).Select(t => (Query: target.Store(t.Key), t.Count))
                .Where(t => labels.ContainsKey(t.Query)).Take(ForeignKeyValues)
                .Select(t => new FilterValue(t.Query, labels[t.Query], t.Count, t.Query == chosen)).ToList();
            if (nullable && top.FirstOrDefault(t => t.Key is null) is { } none) values.Add(new FilterValue("none", "none", none.Count, chosen == "none"));
            return values;
        };
    }

    // The periods a date filter offers, in the reader's zone: [from, to) in UTC, or null bounds for "none".
    private static readonly string[] DatePeriods = ["today", "past-7-days", "this-month", "this-year", "none"];

    private static (DateTime From, DateTime To)? Period(string query, FilterScope scope)
    {
        var today = scope.Local.Date;
        DateTime? from = null, to = null;
        switch (query)
        {
            case "today": (from, to) = (today, today.AddDays(1)); break;
            case "past-7-days": (from, to) = (today.AddDays(-6), today.AddDays(1)); break;
            case "this-month": (from, to) = (new DateTime(today.Year, today.Month, 1), new DateTime(today.Year, today.Month, 1).AddMonths(1)); break;
            case "this-year": (from, to) = (new DateTime(today.Year, 1, 1), new DateTime(today.Year + 1, 1, 1)); break;
            default:
                if (query.Contains("..", StringComparison.Ordinal))
                {
                    // A range of days, both ends included, either one open: 2026-01-01..2026-01-31.
                    var ends = query.Split("..", 2);
                    DateOnly? start = ends[0].Length == 0 ? null : DateOnly.TryParseExact(ends[0], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var s) ? s : null;
                    DateOnly? end = ends[1].Length == 0 ? null : DateOnly.TryParseExact(ends[1], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var e) ? e : null;
                    if ((start is null && ends[0].Length > 0) || (end is null && ends[1].Length > 0) || (start is null && end is null)) return null;
                    // Days far from now would overflow the conversion to UTC; no row has them anyway.
                    if (start is { Year: < 1900 or > 2999 } || end is { Year: < 1900 or > 2999 }) return null;
                    (from, to) = (start?.ToDateTime(TimeOnly.MinValue) ?? new DateTime(1, 1, 2), end?.ToDateTime(TimeOnly.MinValue).AddDays(1) ?? new DateTime(9999, 12, 30));
                }
                else if (DateTime.TryParseExact(query, ["yyyy", "yyyy-MM", "yyyy-MM-dd"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var period) && period.Year is >= 1900 and <= 2999)
                {
                    // A drill-down step: a year, a month or a day.
                    (from, to) = query.Length switch { 4 => (period, period.AddYears(1)), 7 => (period, period.AddMonths(1)), _ => (period, period.AddDays(1)) };
                }
                else
                {
                    return null;
                }
                break;
        }

        return (scope.Utc(from!.Value), scope.Utc(to!.Value));
    }

    private static void DateFilter(SidebarFilter filter)
    {
        var field = filter.Field;
        var nullable = field.ReturnType == typeof(DateTime?);
        Expression<Func<T, bool>> Within(DateTime from, DateTime to)
        {
            var value = field.Body;
            var lower = Expression.Convert(Parameter(from), field.ReturnType);
            var upper = Expression.Convert(Parameter(to), field.ReturnType);
            return Expression.Lambda<Func<T, bool>>(Expression.AndAlso(Expression.GreaterThanOrEqual(value, lower), Expression.LessThan(value, upper)), field.Parameters);
        }

        Expression<Func<T, bool>> Empty() => Expression.Lambda<Func<T, bool>>(Expression.Equal(field.Body, Expression.Constant(null, field.ReturnType)), field.Parameters);

        filter.Read = (query, scope) =>
        {
            if (query == "none") return nullable ? rows => rows.Where(Empty()) : null;
            return Period(query, scope) is { } period ? rows => rows.Where(Within(period.From, period.To)) : null;
        };
        filter.ValuesAsync = async (_, rows, scope, chosen, cancellationToken) =>
        {
            var offered = DatePeriods.Where(p => p != "none" || nullable).ToList();
            var predicates = offered.Select(p => p == "none" ? Empty() : Within(Period(p, scope)!.Value.From, Period(p, scope)!.Value.To)).ToList();
            var counts = await CountEachAsync(rows, predicates, cancellationToken);
            var values = offered.Select((p, i) => new FilterValue(p, p == "none" ? "no date" : p.Replace('-', ' '), counts[i], p == chosen)).ToList();
            // A range or a drill-down step chosen is shown as a value of its own.
            if (chosen is not null && !offered.Contains(chosen)) values.Add(new FilterValue(chosen, chosen.Replace("..", " to ", StringComparison.Ordinal), -1, true));
            return values;
        };
    }

    // Several counts over the same rows in one statement: SELECT COUNT(*) FILTER (…), … (a GROUP BY on a constant).
    private sealed record Counts(int C0, int C1, int C2, int C3, int C4, int C5);

    private static async Task<int[]> CountEachAsync(IQueryable<T> rows, List<Expression<Func<T, bool>>> predicates, CancellationToken cancellationToken)
    {
        if (predicates.Count > 6) throw new ArgumentException("At most six counts in one statement.", nameof(predicates));
        var group = Expression.Parameter(typeof(IGrouping<int, T>), "g");
        var counts = predicates.Select(p => (Expression)Expression.Call(typeof(Enumerable), nameof(Enumerable.Count), [typeof(T)], group, p)).ToList();
        while (counts.Count < 6) counts.Add(Expression.Constant(0));
        var select = Expression.Lambda<Func<IGrouping<int, T>, Counts>>(Expression.New(typeof(Counts).GetConstructors()[0], counts), group);
        var found = await rows.GroupBy(_ => 1).Select(select).FirstOrDefaultAsync(cancellationToken);
        return found is null ? new int[6] : [found.C0, found.C1, found.C2, found.C3, found.C4, found.C5];
    }
    // The drill-down above the list: with no period chosen, the years that have rows; with a year, its months;
    // with a month, its days; each with its count. Periods are the reader's, taken at the zone's current offset.
    private static async Task<DateDrillDown> DrillDownAsync(IQueryable<T> rows, SidebarFilter filter, string? chosen, FilterScope scope, CancellationToken cancellationToken)
    {
        var step = chosen is { Length: 4 } && int.TryParse(chosen, CultureInfo.InvariantCulture, out _) ? 1
            : chosen is { Length: 7 } && DateTime.TryParseExact(chosen, "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out _) ? 2
            : chosen is { Length: 10 } && DateTime.TryParseExact(chosen, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _) ? 3
            : 0;
        var trail = new List<(string?, string)> { (null, "All dates") };
        if (step >= 1) trail.Add((chosen![..4], chosen[..4]));
        if (step >= 2) trail.Add((chosen![..7], DateTime.ParseExact(chosen[..7], "yyyy-MM", CultureInfo.InvariantCulture).ToString("MMMM yyyy", CultureInfo.InvariantCulture)));
        if (step == 3) trail.Add((chosen, DateTime.ParseExact(chosen!, "yyyy-MM-dd", CultureInfo.InvariantCulture).ToString("d MMMM yyyy", CultureInfo.InvariantCulture)));
        if (step == 3) return new DateDrillDown(filter.Key, filter.Heading, trail, []);

        // value(r) shifted into the reader's zone: r => ((DateTime)field(r)).AddMinutes(offset).Year (or .Month, .Day).
        var offset = scope.Zone.GetUtcOffset(scope.NowUtc).TotalMinutes;
        var row = filter.Field.Parameters[0];
        Expression value = filter.Field.ReturnType == typeof(DateTime?) ? Expression.Property(filter.Field.Body, "Value") : filter.Field.Body;
        var local = Expression.Call(value, typeof(DateTime).GetMethod(nameof(DateTime.AddMinutes))!, Expression.Constant(offset));
        var part = Expression.Lambda<Func<T, int>>(Expression.Property(local, step switch { 0 => "Year", 1 => "Month", _ => "Day" }), row);
        if (filter.Field.ReturnType == typeof(DateTime?))
            rows = rows.Where(Expression.Lambda<Func<T, bool>>(Expression.NotEqual(filter.Field.Body, Expression.Constant(null, typeof(DateTime?))), row));
        var counts = await rows.GroupBy(part).Select(g => new { g.Key, Count = g.Count() }).OrderBy(g => g.Key).Take(400).ToListAsync(cancellationToken);
        var steps = counts.Select(c => step switch
        {
            0 => new FilterValue(c.Key.ToString("D4", CultureInfo.InvariantCulture), c.Key.ToString(CultureInfo.InvariantCulture), c.Count, false),
            1 => new FilterValue($"{chosen}-{c.Key:D2}", new DateTime(2000, c.Key, 1).ToString("MMMM", CultureInfo.InvariantCulture), c.Count, false),
            _ => new FilterValue($"{chosen}-{c.Key:D2}", c.Key.ToString(CultureInfo.InvariantCulture), c.Count, false),
        }).ToList();
        return new DateDrillDown(filter.Key, filter.Heading, trail, steps);
    }
}
