using System.Globalization;
using System.Linq.Expressions;

namespace Cairn.Web.Platform.Admin;

// Sortable columns (?o=2 ascending, ?o=-2 descending, by the column's place), paged by keyset all the same: the
// list is ordered by the column (empty values last when ascending), then by key, and a page starts after the
// last row's (value, key). A deep page costs what the first costs.
public sealed partial class AdminFor<T>
{
    private readonly List<ColumnSort?> _sorts = [];
    private (int Column, bool Descending)? _ordering;

    /// <summary>
    /// The list's order when the reader chose none (Django's <c>ordering</c>): a listed, sortable column, newest
    /// first by default. Without it, the newest rows by key come first.
    /// </summary>
    public AdminFor<T> Ordering<TValue>(Expression<Func<T, TValue>> column, bool descending = true)
    {
        var index = _columns.FindIndex(c => PathOf(c.Value) == PathOf(column));
        if (index < 0 || _sorts[index] is null)
            throw new ArgumentException($"Order {typeof(T).Name} by a listed column that sorts (text, number, date).", nameof(column));
        _ordering = (index, descending);
        return this;
    }

    public override IReadOnlyList<bool> SortableColumns => [.. _sorts.Select(s => s is not null)];

    // "p => p.Author.DisplayName" is "Author.DisplayName", whatever the parameter's name.
    private static string PathOf(LambdaExpression column) =>
        column.Body.ToString() is var body && body.StartsWith(column.Parameters[0].Name + ".", StringComparison.Ordinal) ? body[(column.Parameters[0].Name!.Length + 1)..] : body;

    // How one column sorts; null for a column that does not (yes/no, enums stored as text, computed values).
    private static ColumnSort? SortFor(LambdaExpression column)
    {
        var type = Nullable.GetUnderlyingType(column.ReturnType) ?? column.ReturnType;
        if (type != typeof(string) && type != typeof(int) && type != typeof(long) && type != typeof(decimal) && type != typeof(double) && type != typeof(DateTime) && type != typeof(Guid))
            return null;
        return (ColumnSort)Activator.CreateInstance(typeof(ColumnSort<>).MakeGenericType(typeof(T), column.ReturnType), column)!;
    }

    private abstract class ColumnSort
    {
        public abstract IOrderedQueryable<T> Order(IQueryable<T> rows, bool descending, AdminKeys<T> keys);

        /// <summary>The rows after a cursor (<c>v~key~value</c>, or <c>n~key</c> for an empty value); null when the cursor is none.</summary>
        public abstract IQueryable<T>? After(IQueryable<T> rows, bool descending, string cursor, AdminKeys<T> keys);

        public abstract string Cursor(object? value, string key);
    }

    private sealed class ColumnSort<TValue>(Expression<Func<T, TValue>> column) : ColumnSort
    {
        private static readonly Type Underlying = Nullable.GetUnderlyingType(typeof(TValue)) ?? typeof(TValue);
        private static readonly bool CanBeEmpty = !typeof(TValue).IsValueType || Nullable.GetUnderlyingType(typeof(TValue)) is not null;

        private Expression<Func<T, bool>> IsEmpty() =>
            Expression.Lambda<Func<T, bool>>(Expression.Equal(column.Body, Expression.Constant(null, typeof(TValue))), column.Parameters);

        public override IOrderedQueryable<T> Order(IQueryable<T> rows, bool descending, AdminKeys<T> keys)
        {
            IOrderedQueryable<T> ordered;
            if (CanBeEmpty)
            {
                var emptyLast = Expression.Lambda<Func<T, int>>(Expression.Condition(IsEmpty().Body, Expression.Constant(1), Expression.Constant(0)), column.Parameters);
                ordered = descending ? rows.OrderByDescending(emptyLast).ThenByDescending(column) : rows.OrderBy(emptyLast).ThenBy(column);
            }
            else
            {
                ordered = descending ? rows.OrderByDescending(column) : rows.OrderBy(column);
            }
            return keys.ThenOrder(ordered, descending);
        }

        public override string Cursor(object? value, string key) => value is null ? $"n~{key}" : $"v~{key}~{Format(value)}";

        private static string Format(object value) => value switch
        {
            DateTime d => d.ToString("o", CultureInfo.InvariantCulture),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString()!,
        };

        private static object? Read(string text)
        {
            try
            {
                return Underlying == typeof(string) ? text
                    : Underlying == typeof(Guid) ? Guid.Parse(text)
                    : Underlying == typeof(DateTime) ? DateTime.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind)
                    : Convert.ChangeType(text, Underlying, CultureInfo.InvariantCulture);
            }
            catch (Exception e) when (e is FormatException or OverflowException or InvalidCastException)
            {
                return null;
            }
        }

        // column(r) op value, the value a parameter; text and Guids through CompareTo, which EF Core translates.
        private BinaryExpression Test(ExpressionType op, object value)
        {
            var box = Expression.Convert(Expression.Property(Expression.Constant(new Box<TValue>((TValue)value)), nameof(Box<TValue>.Value)), typeof(TValue));
            if (op == ExpressionType.Equal || (Underlying != typeof(string) && Underlying != typeof(Guid)))
                return Expression.MakeBinary(op, column.Body, box);
            var left = typeof(TValue) == Underlying ? column.Body : Expression.Property(column.Body, "Value");
            var right = typeof(TValue) == Underlying ? (Expression)box : Expression.Property(box, "Value");
            return Expression.MakeBinary(op, Expression.Call(left, Underlying.GetMethod(nameof(IComparable<int>.CompareTo), [Underlying])!, right), Expression.Constant(0));
        }

        public override IQueryable<T>? After(IQueryable<T> rows, bool descending, string cursor, AdminKeys<T> keys)
        {
            var parts = cursor.Split('~', 3);
            if (parts.Length < 2 || keys.Parse(parts[1]) is not { } key) return null;
            var beyondKey = Rebound(keys.Test(descending ? ExpressionType.LessThan : ExpressionType.GreaterThan, key));
            Expression test;
            if (parts[0] == "n" && parts.Length == 2 && CanBeEmpty)
            {
                // After an empty value: ascending, only empty ones with a later key; descending (empties first), those and every non-empty one.
                var empty = IsEmpty().Body;
                test = descending
                    ? Expression.OrElse(Expression.AndAlso(empty, beyondKey), Expression.Not(empty))
                    : Expression.AndAlso(empty, beyondKey);
            }
            else if (parts[0] == "v" && parts.Length == 3 && Read(parts[2]) is { } value)
            {
                var beyond = Test(descending ? ExpressionType.LessThan : ExpressionType.GreaterThan, value);
                var tie = Expression.AndAlso(Test(ExpressionType.Equal, value), beyondKey);
                test = Expression.OrElse(beyond, tie);
                if (CanBeEmpty)
                    test = descending
                        ? Expression.AndAlso(Expression.Not(IsEmpty().Body), test)
                        : Expression.OrElse(test, IsEmpty().Body);
            }
            else
            {
                return null;
            }

            return rows.Where(Expression.Lambda<Func<T, bool>>(test, column.Parameters));
        }

        // The key's test over the column's own parameter, so that both read the same row.
        private Expression Rebound(Expression<Func<T, bool>> test) => new Rebind(test.Parameters[0], column.Parameters[0]).Visit(test.Body)!;
    }
}
