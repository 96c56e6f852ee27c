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

    // A sidebar filter over one field: its values as shown (query value, label), how to restrict rows to one of
    // them, and how to count the rows of each.
    private sealed record SidebarFilter(
        string Key, string Heading,
        Func<IQueryable<T>, string, IQueryable<T>> Apply,
        Func<IQueryable<T>, CancellationToken, Task<Dictionary<string, int>>> CountAsync,
        IReadOnlyList<(string Value, string Label)> Values);

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
        return this;
    }

    /// <summary>Text fields the search box matches, each word anywhere in any of them, ignoring case.</summary>
    public AdminFor<T> Search(params Expression<Func<T, string?>>[] fields)
    {
        _search.AddRange(fields);
        return this;
    }

    /// <summary>
    /// A sidebar filter over a yes/no or enum field, each value with its count (<c>?status=done</c>). The query key is
    /// the property's name in lower case, without a leading "Is".
    /// </summary>
    public AdminFor<T> Filter<TValue>(Expression<Func<T, TValue>> field, string? heading = null) where TValue : struct
    {
        if (typeof(TValue) != typeof(bool) && !typeof(TValue).IsEnum)
            throw new ArgumentException($"Filters are over yes/no or enum fields; {typeof(TValue).Name} is neither.", nameof(field));
        var name = field.Body is MemberExpression member ? member.Member.Name : throw new ArgumentException("A filter names a property.", nameof(field));
        var key = (name.StartsWith("Is", StringComparison.Ordinal) && name.Length > 2 && char.IsUpper(name[2]) ? name[2..] : name).ToLowerInvariant();
        IReadOnlyList<(TValue Value, string Query, string Label)> values = typeof(TValue) == typeof(bool)
            ? [((TValue)(object)true, "yes", "yes"), ((TValue)(object)false, "no", "no")]
            : [.. Enum.GetValues(typeof(TValue)).Cast<TValue>().Select(v => (v, v.ToString()!.ToLowerInvariant(), AdminText.Words(v.ToString()!)))];

        // Called with one of the values' query forms only; the value goes in as a parameter: r => field(r) == box.Value.
        IQueryable<T> Apply(IQueryable<T> rows, string query) =>
            rows.Where(Expression.Lambda<Func<T, bool>>(Expression.Equal(field.Body, Parameter(values.First(v => v.Query == query).Value)), field.Parameters));

        async Task<Dictionary<string, int>> CountAsync(IQueryable<T> rows, CancellationToken cancellationToken)
        {
            var counts = await rows.GroupBy(field).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
            return counts.ToDictionary(c => values.First(v => EqualityComparer<TValue>.Default.Equals(v.Value, c.Key)).Query, c => c.Count);
        }

        _filters.Add(new SidebarFilter(key, heading ?? HeadingOf(field), Apply, CountAsync, [.. values.Select(v => (v.Query, v.Label))]));
        return this;
    }

    // A value EF Core sends as a query parameter, never as SQL text: a captured member, as a closure would make.
    private sealed record Box<TValue>(TValue Value);

    private static MemberExpression Parameter<TValue>(TValue value) =>
        Expression.Property(Expression.Constant(new Box<TValue>(value)), nameof(Box<TValue>.Value));

    // The filters' chosen values that are values of theirs, by query key; anything else is ignored.
    private Dictionary<string, string> Chosen(IReadOnlyDictionary<string, string>? filters)
    {
        var chosen = new Dictionary<string, string>();
        foreach (var filter in _filters)
            if (filters?.GetValueOrDefault(filter.Key) is { } raw
                && filter.Values.FirstOrDefault(v => string.Equals(v.Value, raw, StringComparison.OrdinalIgnoreCase)).Value is { } value)
                chosen[filter.Key] = value;
        return chosen;
    }

    // The rows of this workspace matching the search, and the chosen filters but the one named by except.
    private IQueryable<T> Matching(IQueryable<T> rows, string? search, Dictionary<string, string> chosen, string? except = null)
    {
        if (_search.Count > 0)
            foreach (var word in AdminSearch.Words(search)) rows = rows.Where(Matching(word));
        foreach (var filter in _filters)
            if (filter.Key != except && chosen.TryGetValue(filter.Key, out var value)) rows = filter.Apply(rows, value);
        return rows;
    }

    // What a bulk action or an export reads: the chosen keys, or every row matching the search and filters.
    private IQueryable<T> Selected(CairnDbContext db, AdminSelection selection)
    {
        var rows = Matching(_source(db).AsNoTracking(), selection.Search, Chosen(selection.Filters));
        if (selection.Keys is { } keys)
        {
            var chosenKeys = keys.Take(AdminSelection.MaxKeys).Select(Keys.Parse).OfType<object>().ToList();
            rows = Keys.In(rows, chosenKeys);
        }
        return rows;
    }

    public override async Task<ChangeListPage> ListAsync(CairnDbContext db, ChangeListRequest request, CancellationToken cancellationToken)
    {
        var all = _source(db).AsNoTracking();

        // Each filter's counts are taken under the search and the other filters, so that a count says what choosing
        // that value would show.
        var chosen = Chosen(request.Filters);
        var facets = new List<FilterFacet>();
        foreach (var filter in _filters)
        {
            var counts = await filter.CountAsync(Matching(all, request.Search, chosen, except: filter.Key), cancellationToken);
            facets.Add(new FilterFacet(filter.Key, filter.Heading, [.. filter.Values.Select(v =>
                new FilterValue(v.Value, v.Label, counts.GetValueOrDefault(v.Value), chosen.GetValueOrDefault(filter.Key) == v.Value))]));
        }

        var rows = Matching(all, request.Search, chosen);
        var matching = await rows.CountAsync(cancellationToken);
        if (Keys.Parse(request.After) is { } after) rows = Keys.Beyond(rows, after, descending: true);
        var page = await Keys.Order(rows, descending: true).Take(request.PageSize + 1)
            .Select(_projection ??= Projection()).ToListAsync(cancellationToken);
        var shown = page.Take(request.PageSize)
            .Select(values => new ChangeListRow(Keys.Format(values[0]!), [.. values.Skip(1).Select(Show)])).ToList();
        return new ChangeListPage(shown, page.Count > request.PageSize ? shown[^1].Key : null, matching, facets);
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
