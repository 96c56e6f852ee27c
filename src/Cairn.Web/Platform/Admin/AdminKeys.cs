using System.Globalization;
using System.Linq.Expressions;

namespace Cairn.Web.Platform.Admin;

/// <summary>
/// An entity's key as the admin handles it: text in addresses, forms and the history (<c>12</c>, a Guid), typed
/// in queries. A text that is not a key of the type is no row (a 404), never an error.
/// </summary>
internal abstract class AdminKeys<T> where T : class
{
    public static AdminKeys<T> For(string property, Type type) =>
        type == typeof(int) ? new Typed<int>(property, s => int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var k) && k > 0 ? k : null)
        : type == typeof(long) ? new Typed<long>(property, s => long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var k) && k > 0 ? k : null)
        : type == typeof(Guid) ? new Typed<Guid>(property, s => Guid.TryParse(s, out var k) ? k : null)
        : type == typeof(string) ? new Typed<string>(property, s => s.Length is > 0 and <= 256 ? s : null)
        : throw new InvalidOperationException($"The admin site handles keys of int, long, Guid or string; {typeof(T).Name} has a {type.Name} key.");

    /// <summary>The typed key of a text, or null when the text is none.</summary>
    public abstract object? Parse(string? text);

    public string Format(object key) => Convert.ToString(key, CultureInfo.InvariantCulture)!;

    public abstract IQueryable<T> Equal(IQueryable<T> rows, object key);

    public abstract IQueryable<T> In(IQueryable<T> rows, IEnumerable<object> keys);

    /// <summary>Rows after <paramref name="key"/> in <see cref="Ascending"/> order, or before it in <see cref="Descending"/> order.</summary>
    public abstract IQueryable<T> Beyond(IQueryable<T> rows, object key, bool descending);

    public abstract IOrderedQueryable<T> Order(IQueryable<T> rows, bool descending);

    /// <summary>Orders rows already ordered by something else by their key too (the tie-break of a sorted list).</summary>
    public abstract IOrderedQueryable<T> ThenOrder(IOrderedQueryable<T> rows, bool descending);

    /// <summary><c>r =&gt; key(r) op key</c>, the key sent as a parameter.</summary>
    public abstract Expression<Func<T, bool>> Test(ExpressionType op, object key);

    public abstract Task<List<object>> KeysAsync(IQueryable<T> rows, CancellationToken cancellationToken);

    /// <summary>The key of <paramref name="row"/> as an expression EF Core translates (<c>EF.Property&lt;TKey&gt;(row, name)</c>).</summary>
    public abstract Expression Of(ParameterExpression row);

    private sealed class Typed<TKey>(string property, Func<string, object?> parse) : AdminKeys<T> where TKey : notnull
    {
        private static readonly ParameterExpression Row = Expression.Parameter(typeof(T), "r");
        private readonly Expression<Func<T, TKey>> _key = Expression.Lambda<Func<T, TKey>>(Expression.Call(typeof(EF), nameof(EF.Property), [typeof(TKey)], Row, Expression.Constant(property)), Row);

        public override object? Parse(string? text) => text is null ? null : parse(text.Trim());

        public override Expression Of(ParameterExpression row) => Expression.Call(typeof(EF), nameof(EF.Property), [typeof(TKey)], row, Expression.Constant(property));

        // r => key(r) op box.Value, the value a parameter.
        private Expression<Func<T, bool>> Compare(ExpressionType op, TKey value)
        {
            var box = Expression.Property(Expression.Constant(new Box(value)), nameof(Box.Value));
            var left = _key.Body;
            Expression test = op == ExpressionType.Equal || typeof(TKey) != typeof(string) && typeof(TKey) != typeof(Guid)
                ? Expression.MakeBinary(op, left, box)
                // string and Guid have no < operator in expressions: CompareTo, which EF Core translates.
                : Expression.MakeBinary(op, Expression.Call(left, typeof(TKey).GetMethod(nameof(IComparable<TKey>.CompareTo), [typeof(TKey)])!, box), Expression.Constant(0));
            return Expression.Lambda<Func<T, bool>>(test, Row);
        }

        public override IQueryable<T> Equal(IQueryable<T> rows, object key) => rows.Where(Compare(ExpressionType.Equal, (TKey)key));

        public override Expression<Func<T, bool>> Test(ExpressionType op, object key) => Compare(op, (TKey)key);

        public override IOrderedQueryable<T> ThenOrder(IOrderedQueryable<T> rows, bool descending) =>
            descending ? rows.ThenByDescending(_key) : rows.ThenBy(_key);

        public override IQueryable<T> In(IQueryable<T> rows, IEnumerable<object> keys)
        {
            var list = keys.Cast<TKey>().ToList();
            return rows.Where(r => list.Contains(EF.Property<TKey>(r, property)));
        }

        public override IQueryable<T> Beyond(IQueryable<T> rows, object key, bool descending) =>
            rows.Where(Compare(descending ? ExpressionType.LessThan : ExpressionType.GreaterThan, (TKey)key));

        public override IOrderedQueryable<T> Order(IQueryable<T> rows, bool descending) =>
            descending ? rows.OrderByDescending(_key) : rows.OrderBy(_key);

        public override async Task<List<object>> KeysAsync(IQueryable<T> rows, CancellationToken cancellationToken) =>
            [.. (await rows.Select(_key).ToListAsync(cancellationToken)).Cast<object>()];

        private sealed record Box(TKey Value);
    }
}
