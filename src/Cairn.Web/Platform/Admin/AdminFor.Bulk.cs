using System.Linq.Expressions;
using System.Runtime.CompilerServices;

namespace Cairn.Web.Platform.Admin;

// The half of a registration that works on many rows at once: bulk actions (delete, and the module's own) over
// chosen keys or over every row matching the list's search and filters, in keyset batches; and the CSV export.
public sealed partial class AdminFor<T>
{
    private readonly List<(AdminActionInfo Info, Func<IQueryable<T>, AdminBulk, CancellationToken, Task<int>> Run)> _actions =
    [
        (new AdminActionInfo(AdminActionInfo.Delete, "Delete", AdminAction.Delete), (rows, _, token) => rows.ExecuteDeleteAsync(token)),
    ];

    private Expression<Func<T, object?[]>>? _exportRow;

    // A row's own fields; many-to-many links are not columns of a CSV line.
    private List<AdminField> ExportedFields => [.. _fields.Where(f => f.Kind != AdminFieldKind.ManyToMany)];

    public override IReadOnlyList<AdminActionInfo> Actions => [.. _actions.Select(a => a.Info)];

    /// <summary>
    /// A bulk action of the module (Django's admin actions), run over the chosen rows in batches as one set-based
    /// statement each (<c>ExecuteUpdate</c>): it returns how many rows it changed. It takes the Change permission.
    /// </summary>
    public AdminFor<T> Action(string name, string label, Func<IQueryable<T>, AdminBulk, CancellationToken, Task<int>> run)
    {
        if (_actions.Any(a => a.Info.Name == name)) throw new ArgumentException($"{typeof(T).Name} already has an action named {name}.", nameof(name));
        _actions.Add((new AdminActionInfo(name, label, AdminAction.Change), run));
        return this;
    }

    public override Task<int> CountAsync(CairnDbContext db, AdminSelection selection, CancellationToken cancellationToken) =>
        Selected(db, selection).CountAsync(cancellationToken);

    public override async Task<BulkBatch> RunBatchAsync(CairnDbContext db, AdminSelection selection, string action, string? after, int size, AdminBulk bulk, CancellationToken cancellationToken)
    {
        var run = _actions.First(a => a.Info.Name == action).Run;
        var rows = Selected(db, selection);
        if (Keys.Parse(after) is { } last) rows = Keys.Beyond(rows, last, descending: false);
        var keys = await Keys.KeysAsync(Keys.Order(rows, descending: false).Take(size), cancellationToken);
        if (keys.Count == 0) return new BulkBatch(after, 0, 0);
        // One statement per batch: a deadlock's victim is rolled back whole and run again.
        var affected = await DeadlockRetry.RunAsync(token => run(Keys.In(_source(db), keys), bulk, token), cancellationToken);
        return new BulkBatch(Keys.Format(keys[^1]), keys.Count, affected);
    }

    public override async Task<IReadOnlyList<LookupOption>> FirstSelectedAsync(CairnDbContext db, AdminSelection selection, int count, CancellationToken cancellationToken)
    {
        var found = await Keys.Order(Selected(db, selection), descending: true).Take(count)
            .Select(LookupRowExpression()).ToListAsync(cancellationToken);
        return [.. found.Select(Option)];
    }

    public override async IAsyncEnumerable<IReadOnlyList<string>> ExportAsync(CairnDbContext db, AdminSelection selection, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var fields = ExportedFields;
        yield return ["id", .. fields.Select(f => f.Name)];
        var rows = Keys.Order(Selected(db, selection), descending: false).Select(_exportRow ??= ExportRow());
        await foreach (var values in rows.AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            var line = new string[values.Length];
            line[0] = Keys.Format(values[0]!);
            for (var i = 1; i < values.Length; i++) line[i] = fields[i - 1].Store(values[i]);
            yield return line;
        }
    }

    // r => new object?[] { key(r), field1(r), ... }: every field of the form, read in one statement and streamed.
    private Expression<Func<T, object?[]>> ExportRow()
    {
        var row = Expression.Parameter(typeof(T), "r");
        var values = new List<Expression> { Expression.Convert(Keys.Of(row), typeof(object)) };
        values.AddRange(ExportedFields.Select(f => Expression.Convert(Expression.Property(row, f.Name), typeof(object))));
        return Expression.Lambda<Func<T, object?[]>>(Expression.NewArrayInit(typeof(object), values), row);
    }
}
