using System.Globalization;
using System.Linq.Expressions;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Cairn.Web.Platform.Admin;

/// <summary>
/// The registration of <typeparamref name="T"/>. A module registers workspace-owned entities only
/// (<see cref="CairnModule.Admin{TEntity}"/>): every query reads <c>db.Set&lt;T&gt;()</c>, so the workspace filter of
/// the model keeps every other workspace's rows out, and nothing here turns it off. The platform's own entities
/// (workspaces, users, memberships) are registered with <see cref="ForPlatform"/>, for platform administrators.
/// </summary>
public sealed partial class AdminFor<T> : AdminRegistration where T : class
{
    private readonly Func<CairnDbContext, IQueryable<T>> _source;
    private readonly bool _platform;

    /// <summary>A module's registration of a workspace-owned entity.</summary>
    internal AdminFor(string module) : this(module, db => db.Set<T>(), platform: false)
    {
        if (!typeof(ITenantOwned).IsAssignableFrom(typeof(T)))
            throw new InvalidOperationException($"A module registers workspace-owned entities only; {typeof(T).Name} is not one.");
    }

    private AdminFor(string module, Func<CairnDbContext, IQueryable<T>> source, bool platform)
        : base(module, AdminText.Words(typeof(T).Name).Replace(' ', '-'), AdminText.Words(typeof(T).Name))
    {
        _source = source;
        _platform = platform;
    }

    /// <summary>
    /// A registration of one of the platform's entities, read from <paramref name="source"/> (every workspace's
    /// rows, inside <see cref="CairnDbContext.AcrossWorkspaces"/>), under <c>/admin/platform/</c>.
    /// </summary>
    internal static AdminFor<T> ForPlatform(Func<CairnDbContext, IQueryable<T>> source) => new(AdminSite.PlatformModule, source, platform: true);

    public override bool IsPlatform => _platform;

    private AdminKeys<T> Keys => _keys ?? throw new InvalidOperationException("The admin site was not prepared (AdminSite.Prepare).");
    private AdminKeys<T>? _keys;

    private readonly List<(string Heading, LambdaExpression Value)> _columns = [];
    private readonly List<Expression<Func<T, string?>>> _search = [];
    private readonly List<SidebarFilter> _filters = [];
    private Expression<Func<T, object?[]>>? _projection;

    public override Type Entity => typeof(T);

    public override IReadOnlyList<string> Columns => [.. _columns.Select(c => c.Heading)];

    public override bool Searchable => _search.Count > 0;

    public override IReadOnlyList<string> FilterKeys => [.. _filters.Select(f => f.Key)];

    /// <summary>Its name in addresses and headings, when the class name is not it (<c>TaskItem</c> is "task").</summary>
    public AdminFor<T> Named(string urlName, string label, string? plural = null)
    {
        UrlName = urlName;
        Label = label;
        PluralLabel = plural ?? label + "s";
        return this;
    }

    /// <summary>The change list's columns, after the key (a property each, or any expression EF Core can translate).</summary>
    public AdminFor<T> List<TValue>(Expression<Func<T, TValue>> value, string? heading = null)
    {
        _columns.Add((heading ?? HeadingOf(value), value));
        _sorts.Add(SortFor(value));
        return this;
    }

    /// <summary>Text fields the search box matches, each word anywhere in any of them, ignoring case.</summary>
    public AdminFor<T> Search(params Expression<Func<T, string?>>[] fields)
    {
        _search.AddRange(fields);
        return this;
    }

    /// <summary>
    /// The platform's word search (<see cref="WordSearch"/>) instead: on PostgreSQL the entity's full-text
    /// column (<paramref name="vectorColumn"/>, with its GIN index), on SQLite the search fields.
    /// </summary>
    public AdminFor<T> SearchIndex(string vectorColumn)
    {
        _vectorColumn = vectorColumn;
        return this;
    }

    private string? _vectorColumn;

    // A value EF Core sends as a query parameter, never as SQL text: a captured member, as a closure would make.
    private sealed record Box<TValue>(TValue Value);

    private static MemberExpression Parameter<TValue>(TValue value) =>
        Expression.Property(Expression.Constant(new Box<TValue>(value)), nameof(Box<TValue>.Value));

    // The filters' chosen values that are values of theirs (by query key), with the narrowing each means; anything
    // else is ignored.
    private Dictionary<string, (string Query, Func<IQueryable<T>, IQueryable<T>> Narrow)> Chosen(IReadOnlyDictionary<string, string>? filters, FilterScope scope)
    {
        var chosen = new Dictionary<string, (string, Func<IQueryable<T>, IQueryable<T>>)>();
        foreach (var filter in _filters)
            if (filters?.GetValueOrDefault(filter.Key) is { Length: > 0 and <= 100 } raw && filter.Read(raw.ToLowerInvariant(), scope) is { } narrow)
                chosen[filter.Key] = (raw.ToLowerInvariant(), narrow);
        return chosen;
    }

    private static FilterScope ScopeOf(string? timeZone, DateTime? now) =>
        new(now ?? DateTime.UtcNow, TimeZones.Find(timeZone));

    // The rows of this workspace matching the search, and the chosen filters but the one named by except.
    private IQueryable<T> Matching(CairnDbContext db, IQueryable<T> rows, string? search, Dictionary<string, (string Query, Func<IQueryable<T>, IQueryable<T>> Narrow)> chosen, string? except = null)
    {
        if (_search.Count > 0 && !string.IsNullOrWhiteSpace(search))
        {
            if (_vectorColumn is not null) rows = rows.Matching(db, search[..Math.Min(search.Length, ChangeListRequest.MaxSearchLength)], _vectorColumn, [.. _search]);
            else foreach (var word in AdminSearch.Words(search)) rows = rows.Where(Matching(word));
        }

        foreach (var filter in _filters)
            if (filter.Key != except && chosen.TryGetValue(filter.Key, out var value)) rows = value.Narrow(rows);
        return rows;
    }

    // What a bulk action or an export reads: the chosen keys, or every row matching the search and filters.
    private IQueryable<T> Selected(CairnDbContext db, AdminSelection selection)
    {
        var rows = Matching(db, _source(db).AsNoTracking(), selection.Search, Chosen(selection.Filters, ScopeOf(selection.TimeZone, selection.Now)));
        if (selection.Keys is { } keys)
        {
            var chosenKeys = keys.Take(AdminSelection.MaxKeys).Select(Keys.Parse).OfType<object>().ToList();
            rows = Keys.In(rows, chosenKeys);
        }
        return rows;
    }

    /// <summary>Up to this many matching rows are counted exactly; past it PostgreSQL's planner estimates the total.</summary>
    public const int ExactCountLimit = 10_000;

    public override async Task<ChangeListPage> ListAsync(CairnDbContext db, ChangeListRequest request, CancellationToken cancellationToken)
    {
        var all = _source(db).AsNoTracking();
        var scope = ScopeOf(request.TimeZone, request.Now);

        // Each filter's counts are taken under the search and the other filters, so that a count says what choosing
        // that value would show.
        var chosen = Chosen(request.Filters, scope);
        var facets = new List<FilterFacet>();
        foreach (var filter in _filters)
        {
            var values = await filter.ValuesAsync(db, Matching(db, all, request.Search, chosen, except: filter.Key), scope,
                chosen.TryGetValue(filter.Key, out var mine) ? mine.Query : null, cancellationToken);
            facets.Add(new FilterFacet(filter.Key, filter.Heading, values, filter.Kind == FilterKind.Date));
        }

        var rows = Matching(db, all, request.Search, chosen);
        var (matching, estimated) = await CountAsync(db, rows, cancellationToken);
        var drill = _filters.FirstOrDefault(f => f.DrillDown) is { } dates
            ? await DrillDownAsync(rows, dates, chosen.TryGetValue(dates.Key, out var period) ? period.Query : null, scope, cancellationToken)
            : null;

        // Sorted by a column (?o=2, ?o=-2), or newest first by key; keyset pages either way.
        var sort = SortOf(request.Sort) ?? _ordering;
        IQueryable<T> ordered;
        if (sort is { Column: var column, Descending: var descending })
        {
            if (request.After is { } cursor && _sorts[column]!.After(rows, descending, cursor, Keys) is { } after) rows = after;
            ordered = _sorts[column]!.Order(rows, descending, Keys);
        }
        else
        {
            if (Keys.Parse(request.After) is { } after) rows = Keys.Beyond(rows, after, descending: true);
            ordered = Keys.Order(rows, descending: true);
        }

        var page = await ordered.Take(request.PageSize + 1).Select(_projection ??= Projection()).ToListAsync(cancellationToken);
        var shown = page.Take(request.PageSize).ToList();
        var rowsShown = shown.Select(values => new ChangeListRow(Keys.Format(values[0]!), [.. values.Skip(1).Select(Show)])).ToList();
        string? next = null;
        if (page.Count > request.PageSize)
            next = sort is { Column: var c } ? _sorts[c]!.Cursor(shown[^1][1 + c], rowsShown[^1].Key) : rowsShown[^1].Key;
        return new ChangeListPage(rowsShown, next, matching, facets) { Estimated = estimated, DrillDown = drill, Sort = sort is { } s ? (s.Descending ? -(s.Column + 1) : s.Column + 1) : null };
    }

    // ?o=3 sorts by the third column ascending, ?o=-3 descending; anything else is the default order.
    private (int Column, bool Descending)? SortOf(string? sort) =>
        int.TryParse(sort, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var o)
            && o != 0 && Math.Abs(o) <= _sorts.Count && _sorts[Math.Abs(o) - 1] is not null
            ? (Math.Abs(o) - 1, o < 0)
            : null;

    // Exact up to ExactCountLimit rows (a count that stops there); past it, on PostgreSQL, the planner's estimate
    // (EXPLAIN), labelled as such, rather than a count that reads every row of a large table.
    private static async Task<(int Count, bool Estimated)> CountAsync(CairnDbContext db, IQueryable<T> rows, CancellationToken cancellationToken)
    {
        if (!db.Database.IsNpgsql()) return (await rows.CountAsync(cancellationToken), false);
        var capped = await rows.Take(ExactCountLimit + 1).CountAsync(cancellationToken);
        if (capped <= ExactCountLimit) return (capped, false);
        return (Math.Max(await PlannerEstimateAsync(db, rows, cancellationToken), capped), true);
    }

    private static async Task<int> PlannerEstimateAsync(CairnDbContext db, IQueryable<T> rows, CancellationToken cancellationToken)
    {
        await using var command = rows.Select(_ => 1).CreateDbCommand();
        command.CommandText = "EXPLAIN (FORMAT JSON) " + command.CommandText;
        var opened = command.Connection!.State != System.Data.ConnectionState.Open;
        if (opened) await command.Connection.OpenAsync(cancellationToken);
        try
        {
            var plan = (string?)await command.ExecuteScalarAsync(cancellationToken);
            using var json = System.Text.Json.JsonDocument.Parse(plan ?? "[]");
            return json.RootElement[0].GetProperty("Plan").GetProperty("Plan Rows").GetDouble() is var estimate && estimate < int.MaxValue ? (int)estimate : int.MaxValue;
        }
        finally
        {
            if (opened) await command.Connection.CloseAsync();
        }
    }

    // r => new object?[] { (object)key(r), (object?)column1(r), ... }: only the listed columns are read.
    private Expression<Func<T, object?[]>> Projection()
    {
        var row = Expression.Parameter(typeof(T), "r");
        var values = new List<Expression>
        {
            Expression.Convert(Keys.Of(row), typeof(object)),
        };
        foreach (var (_, value) in _columns)
            values.Add(Expression.Convert(new Rebind(value.Parameters[0], row).Visit(value.Body)!, typeof(object)));
        return Expression.Lambda<Func<T, object?[]>>(Expression.NewArrayInit(typeof(object), values), row);
    }

    // r => (r.F1 != null && r.F1.ToLower().Contains(word)) || ...; the word goes in as a parameter, never as SQL text.
    private Expression<Func<T, bool>> Matching(string word)
    {
        var row = Expression.Parameter(typeof(T), "r");
        var value = Parameter(word);
        Expression? any = null;
        // Without search fields, suggestions match the display (a registration without either matches all).
        IEnumerable<LambdaExpression> fields = _search.Count > 0 ? _search : _display is null ? [] : [(LambdaExpression)_display];
        foreach (var field in fields)
        {
            var text = new Rebind(field.Parameters[0], row).Visit(field.Body)!;
            var test = Expression.AndAlso(
                Expression.NotEqual(text, Expression.Constant(null, typeof(string))),
                Expression.Call(Expression.Call(text, nameof(string.ToLower), Type.EmptyTypes), nameof(string.Contains), Type.EmptyTypes, value));
            any = any is null ? test : Expression.OrElse(any, test);
        }

        return Expression.Lambda<Func<T, bool>>(any ?? Expression.Constant(true), row);
    }

    private sealed class Rebind(ParameterExpression from, ParameterExpression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : base.VisitParameter(node);
    }

    private static string Show(object? value) => value switch
    {
        null => "—",
        bool b => b ? "yes" : "no",
        DateTime d => d.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
        string s when s.Length > 80 => s[..79] + "…",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static string HeadingOf(LambdaExpression value)
    {
        var body = value.Body is UnaryExpression { NodeType: ExpressionType.Convert } convert ? convert.Operand : value.Body;
        var name = body is MemberExpression member ? member.Member.Name : "value";
        return AdminText.Capitalised(AdminText.Words(name));
    }

}
