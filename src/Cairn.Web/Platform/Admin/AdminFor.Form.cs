using System.Linq.Expressions;
using System.Reflection;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Cairn.Web.Platform.Admin;

// The change form's half of a registration: which fields it shows and how, the module's rules, and what a
// delete takes with it. The fields come from the EF Core model; the registration only says what differs.
public sealed partial class AdminFor<T> : IHasDisplay
{
    private readonly HashSet<string> _readOnly = [];
    private readonly HashSet<string> _excluded = [];
    private readonly HashSet<string> _textAreas = [];
    private readonly Dictionary<string, string> _groups = [];
    private readonly List<Action<T, AdminSave>> _onNew = [];
    private readonly List<Func<T, AdminSave, CancellationToken, ValueTask>> _rules = [];
    private Expression<Func<T, string>>? _display;
    private Func<T, string>? _label;
    private IReadOnlyList<AdminField> _fields = [];
    private PropertyInfo? _keyProperty;
    private AdminSite? _site;
    private IEntityType? _entityType;
    private string _lockSql = "";

    public override IReadOnlyList<AdminField> Fields => _fields;

    /// <summary>How one object reads in headings, suggestions and the history (by default its first text field).</summary>
    public AdminFor<T> Display(Expression<Func<T, string>> label)
    {
        _display = label;
        return this;
    }

    /// <summary>Fields the form shows but does not change (times the module keeps, counts).</summary>
    public AdminFor<T> ReadOnly(params Expression<Func<T, object?>>[] fields)
    {
        _readOnly.UnionWith(fields.Select(NameOf));
        return this;
    }

    /// <summary>Fields the form leaves out (a rendered copy of another field).</summary>
    public AdminFor<T> Exclude(params Expression<Func<T, object?>>[] fields)
    {
        _excluded.UnionWith(fields.Select(NameOf));
        return this;
    }

    /// <summary>Text fields shown as a text area whatever their length.</summary>
    public AdminFor<T> TextArea(params Expression<Func<T, object?>>[] fields)
    {
        _textAreas.UnionWith(fields.Select(NameOf));
        return this;
    }

    /// <summary>A titled group of fields (a fieldset); fields in no group come first.</summary>
    public AdminFor<T> Group(string heading, params Expression<Func<T, object?>>[] fields)
    {
        foreach (var field in fields) _groups[NameOf(field)] = heading;
        return this;
    }

    /// <summary>Defaults of a new object, before the form is shown (the author is whoever adds it).</summary>
    public AdminFor<T> OnNew(Action<T, AdminSave> defaults)
    {
        _onNew.Add(defaults);
        return this;
    }

    /// <summary>A rule of the module, run before every save: keep derived fields, refuse what the module refuses (<see cref="AdminSave.Error"/>).</summary>
    public AdminFor<T> Rule(Func<T, AdminSave, CancellationToken, ValueTask> rule)
    {
        _rules.Add(rule);
        return this;
    }

    public AdminFor<T> Rule(Action<T, AdminSave> rule) => Rule((entity, save, _) =>
    {
        rule(entity, save);
        return ValueTask.CompletedTask;
    });

    /// <summary>
    /// An action that takes another role than the admin's default (Admin): Owner for a delete that cascades far,
    /// or null for an action no one takes here (users are added by signing up).
    /// </summary>
    public AdminFor<T> Allow(AdminAction action, WorkspaceRole? minimum)
    {
        Require(action, minimum);
        return this;
    }

    internal override void Prepare(IModel model, AdminSite site)
    {
        var entity = model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"The admin registration of {typeof(T).Name} names an entity the model does not have.");
        var key = entity.FindPrimaryKey();
        if (key is not { Properties: [var keyProperty] })
            throw new InvalidOperationException($"The admin site lists entities with a key of one field; {typeof(T).Name} has another key.");
        _keys = AdminKeys<T>.For(keyProperty.Name, keyProperty.ClrType);
        if (_columns.Count == 0)
            throw new InvalidOperationException($"The admin registration of {typeof(T).Name} lists no columns.");
        foreach (var name in _readOnly.Concat(_excluded).Concat(_groups.Keys).Concat(_textAreas))
            if (entity.FindProperty(name) is null && entity.FindSkipNavigation(name) is null)
                throw new InvalidOperationException($"The admin registration of {typeof(T).Name} names {name}, which is not a mapped field.");

        var fields = new List<AdminField>();
        foreach (var property in typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            // A workspace's rows never show their workspace; the platform's memberships do.
            if (property.Name == keyProperty.Name || (!_platform && property.Name == nameof(ITenantOwned.TenantId)) || _excluded.Contains(property.Name)) continue;
            if (entity.FindProperty(property.Name) is not { } mapped) continue;
            var principal = entity.FindForeignKeys(mapped).FirstOrDefault()?.PrincipalEntityType.ClrType;
            AdminLookup? lookup = principal is null ? null
                : principal == typeof(CairnUser) && !_platform ? MemberLookup.Instance
                : site.For(principal)?.Lookup;
            fields.Add(new AdminField(property, mapped, AdminText.Capitalised(AdminText.Words(property.Name.EndsWith("Id", StringComparison.Ordinal) && principal is not null ? property.Name[..^2] : property.Name)),
                _readOnly.Contains(property.Name), _textAreas.Contains(property.Name), _groups.GetValueOrDefault(property.Name), lookup));
        }

        // Many-to-many links to a registered entity (a post's tags): a multi-select with a server-side search.
        foreach (var link in entity.GetSkipNavigations().Where(n => !_excluded.Contains(n.Name)))
            if (site.For(link.TargetEntityType.ClrType) is { } target && typeof(T).GetProperty(link.Name) is { } collection)
                fields.Add(new AdminField(collection, AdminText.Capitalised(AdminText.Words(link.Name)), _groups.GetValueOrDefault(link.Name), target));

        // Fields in no group first, then each group in the order it was first named.
        var groupOrder = _groups.Values.Distinct().ToList();
        _fields = [.. fields.OrderBy(f => f.Group is null ? -1 : groupOrder.IndexOf(f.Group))];
        if (_display is null && fields.FirstOrDefault(f => f.Kind is AdminFieldKind.Text or AdminFieldKind.TextArea && !f.IsNullable) is { } text)
        {
            var r = Expression.Parameter(typeof(T), "r");
            _display = Expression.Lambda<Func<T, string>>(Expression.Property(r, text.Name), r);
        }
        _label = _display?.Compile();
        foreach (var filter in _filters.Where(f => f.Kind == FilterKind.ForeignKey))
        {
            var name = ((MemberExpression)filter.Field.Body).Member.Name;
            ForeignKeyFilter(filter, fields.FirstOrDefault(f => f.Name == name)
                ?? throw new InvalidOperationException($"The filter on {typeof(T).Name}.{name} names a field the form does not have."));
        }
        _keyProperty = typeof(T).GetProperty(keyProperty.Name);
        _entityType = entity;
        _site = site;
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var tableName = (entity.GetSchema() is { } schema ? Quote(schema) + "." : "") + Quote(table.Name);
        // A workspace's row is locked only if it is the workspace's: the key alone cannot reach another's.
        _lockSql = $"SELECT 1 FROM {tableName} WHERE {Quote(keyProperty.GetColumnName(table)!)} = {{0}}"
            + (_platform ? "" : $" AND {Quote(entity.FindProperty(nameof(ITenantOwned.TenantId))!.GetColumnName(table)!)} = {{1}}") + " FOR UPDATE";
    }

    private static string Quote(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    public override async Task<object?> FindAsync(CairnDbContext db, string key, CancellationToken cancellationToken) =>
        Keys.Parse(key) is { } typed ? await Keys.Equal(_source(db), typed).FirstOrDefaultAsync(cancellationToken) : null;

    public override Task LockAsync(CairnDbContext db, string key, CancellationToken cancellationToken) =>
        db.Database.IsNpgsql() && Keys.Parse(key) is { } typed
            ? db.Database.ExecuteSqlRawAsync(_lockSql, _platform ? [typed] : [typed, db.TenantFilterValue], cancellationToken)
            : Task.CompletedTask;

    public override object Create(AdminSave save)
    {
        var entity = Activator.CreateInstance<T>();
        foreach (var defaults in _onNew) defaults(entity, save);
        return entity;
    }

    public override string KeyOf(object entity) => Keys.Format(_keyProperty!.GetValue(entity)!);

    public override string LabelOf(object entity) => Shorten(DisplayOf((T)entity)) ?? $"{Label} #{KeyOf(entity)}";

    // The display run in memory; one that reads a navigation the row was loaded without (a membership's user)
    // gives nothing, and the caller reads the label from the database instead (LabelAsync).
    private string? DisplayOf(T entity)
    {
        try
        {
            return _label?.Invoke(entity);
        }
        catch (NullReferenceException)
        {
            return null;
        }
    }

    private static string? Shorten(string? label) =>
        string.IsNullOrWhiteSpace(label) ? null : label.Length > 80 ? label[..79].TrimEnd() + "…" : label;

    // The projection of suggestions and labels: r => new LookupRow(key(r), display(r)).
    private sealed record LookupRow(object Key, string? Label);

    private LookupOption Option(LookupRow row) => new(Keys.Format(row.Key), Shorten(row.Label) ?? $"{Label} #{Keys.Format(row.Key)}");

    private Expression<Func<T, LookupRow>>? _lookupRow;

    private Expression<Func<T, LookupRow>> LookupRowExpression()
    {
        if (_lookupRow is not null) return _lookupRow;
        var row = Expression.Parameter(typeof(T), "r");
        var key = Expression.Convert(Keys.Of(row), typeof(object));
        Expression label = _display is null ? Expression.Constant(null, typeof(string)) : new Rebind(_display.Parameters[0], row).Visit(_display.Body)!;
        return _lookupRow = Expression.Lambda<Func<T, LookupRow>>(Expression.New(typeof(LookupRow).GetConstructors()[0], key, label), row);
    }

    public override async Task<string?> LabelAsync(CairnDbContext db, string key, CancellationToken cancellationToken)
    {
        if (Keys.Parse(key) is not { } typed) return null;
        var row = await Keys.Equal(_source(db).AsNoTracking(), typed).Select(LookupRowExpression()).FirstOrDefaultAsync(cancellationToken);
        return row is null ? null : Option(row).Label;
    }

    public override async Task<IReadOnlyList<object>> FindManyAsync(CairnDbContext db, IReadOnlyCollection<string> keys, CancellationToken cancellationToken)
    {
        var typed = keys.Select(Keys.Parse).OfType<object>().ToList();
        return typed.Count == 0 ? [] : await Keys.In(_source(db), typed).ToListAsync(cancellationToken);
    }

    public override async Task<IReadOnlyDictionary<string, string>> LabelsAsync(CairnDbContext db, IReadOnlyCollection<string> keys, CancellationToken cancellationToken)
    {
        var typed = keys.Select(Keys.Parse).OfType<object>().ToList();
        if (typed.Count == 0) return new Dictionary<string, string>();
        var rows = await Keys.In(_source(db).AsNoTracking(), typed).Select(LookupRowExpression()).ToListAsync(cancellationToken);
        return rows.Select(Option).ToDictionary(o => o.Key, o => o.Label);
    }

    public override async Task<IReadOnlyList<LookupOption>> SuggestAsync(CairnDbContext db, string? words, CancellationToken cancellationToken)
    {
        var rows = _source(db).AsNoTracking();
        foreach (var word in AdminSearch.Words(words)) rows = rows.Where(Matching(word));
        var found = await Keys.Order(rows, descending: true).Take(AdminLookup.MaxSuggestions)
            .Select(LookupRowExpression()).ToListAsync(cancellationToken);
        return [.. found.Select(Option)];
    }

    public override async ValueTask ApplyRulesAsync(object entity, AdminSave save, CancellationToken cancellationToken)
    {
        foreach (var rule in _rules) await rule((T)entity, save, cancellationToken);
    }

    public override async Task<IReadOnlyList<CascadeGroup>> CascadeAsync(CairnDbContext db, string key, CancellationToken cancellationToken)
    {
        var groups = new List<CascadeGroup>();
        if (Keys.Parse(key) is not { } typed) return groups;
        foreach (var foreignKey in _entityType!.GetReferencingForeignKeys())
        {
            if (foreignKey.DeclaringEntityType.IsOwned() || foreignKey.Properties is not [var property]) continue;
            var unlinked = foreignKey.DeleteBehavior is DeleteBehavior.SetNull or DeleteBehavior.ClientSetNull;
            if (!unlinked && foreignKey.DeleteBehavior is not (DeleteBehavior.Cascade or DeleteBehavior.ClientCascade)) continue;
            var dependent = foreignKey.DeclaringEntityType;
            var registered = _site!.For(dependent.ClrType);
            var set = dependent.HasSharedClrType
                ? db.Set<Dictionary<string, object>>(dependent.Name)
                : SetOf.MakeGenericMethod(dependent.ClrType).Invoke(db, null)!;
            var (count, firstFew) = await ((Task<(int, List<string>)>)DependentsOf
                .MakeGenericMethod(dependent.ClrType, property.ClrType)
                .Invoke(null, [_platform ? db : null, set, property.Name, typed, (registered as IHasDisplay)?.Display, cancellationToken])!);
            if (count == 0) continue;
            var noun = registered is not null ? (count == 1 ? registered.Label : registered.PluralLabel)
                : dependent.HasSharedClrType ? $"{AdminText.Words(dependent.ShortName())} link{(count == 1 ? "" : "s")}"
                : AdminText.Words(dependent.ClrType.Name) + (count == 1 ? "" : "s");
            groups.Add(new CascadeGroup(noun, count, unlinked, firstFew));
        }
        return groups;
    }

    private static readonly MethodInfo SetOf = typeof(DbContext).GetMethod(nameof(DbContext.Set), Type.EmptyTypes)!;

    private static readonly MethodInfo DependentsOf = typeof(AdminFor<T>).GetMethod(nameof(DependentsAsync), BindingFlags.NonPublic | BindingFlags.Static)!;

    public const int CascadeNamed = 5;

    // How many rows of TDependent point at the key, and the first few by name: two queries whatever their number.
    // For a platform entity (a workspace, a user) in every workspace, inside the page's AcrossWorkspaces scope.
    private static async Task<(int, List<string>)> DependentsAsync<TDependent, TKey>(CairnDbContext? across, IQueryable<TDependent> set, string foreignKey, object key, LambdaExpression? display, CancellationToken cancellationToken)
        where TDependent : class
    {
        if (across is not null) set = across.InEveryWorkspace(set);
        var row = Expression.Parameter(typeof(TDependent), "d");
        var pointsHere = Expression.Lambda<Func<TDependent, bool>>(
            Expression.Equal(Expression.Call(typeof(EF), nameof(EF.Property), [typeof(TKey)], row, Expression.Constant(foreignKey)), Parameter((TKey)key)), row);
        var rows = set.AsNoTracking().Where(pointsHere);
        var count = await rows.CountAsync(cancellationToken);
        if (count == 0 || display is not Expression<Func<TDependent, string>> label) return (count, []);
        return (count, await rows.Take(CascadeNamed).Select(label).ToListAsync(cancellationToken));
    }

    LambdaExpression? IHasDisplay.Display => _display;

    private static string NameOf(Expression<Func<T, object?>> field)
    {
        var body = field.Body is UnaryExpression { NodeType: ExpressionType.Convert } convert ? convert.Operand : field.Body;
        return body is MemberExpression { Expression: ParameterExpression } member
            ? member.Member.Name
            : throw new ArgumentException("Name a field of the entity (e => e.Title).", nameof(field));
    }
}

/// <summary>A registration's display expression, for the delete page's names of another entity's rows.</summary>
internal interface IHasDisplay
{
    LambdaExpression? Display { get; }
}
