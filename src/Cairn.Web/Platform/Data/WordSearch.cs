using System.Linq.Expressions;
using System.Text.RegularExpressions;
using NpgsqlTypes;

namespace Cairn.Web.Platform.Data;

/// <summary>
/// The one word search of every module. On PostgreSQL: a generated <c>tsvector</c> column with a GIN index, asked
/// with <c>websearch_to_tsquery</c> (quotes, <c>-word</c> and <c>or</c> as people type them). On SQLite: every word
/// must appear in one of the searched fields (LIKE, with the pattern's wildcards escaped and sent as a parameter).
/// </summary>
public static partial class WordSearch
{
    /// <summary>Words past this many are not searched (a long query must not cost a long query).</summary>
    public const int MaxWords = 8;

    [GeneratedRegex(@"[\p{L}\p{N}]+")]
    private static partial Regex WordPattern();

    /// <summary>
    /// The words of a search: runs of letters and digits longer than one character (a single letter would match
    /// nearly every row), each once (ignoring case), at most <see cref="MaxWords"/>. Pages highlight these.
    /// </summary>
    public static IReadOnlyList<string> Words(string query) =>
        WordPattern().Matches(query).Select(m => m.Value).Where(w => w.Length > 1).Distinct(StringComparer.OrdinalIgnoreCase).Take(MaxWords).ToList();

    /// <summary>
    /// The rows that match <paramref name="query"/>: on PostgreSQL through the <paramref name="vectorColumn"/> shadow
    /// property, on SQLite through <paramref name="fields"/>. A query without a word matches nothing.
    /// </summary>
    public static IQueryable<T> Matching<T>(this IQueryable<T> rows, CairnDbContext db, string query, string vectorColumn, params Expression<Func<T, string?>>[] fields)
        where T : class
    {
        if (db.Database.IsNpgsql())
            return rows.Where(r => EF.Property<NpgsqlTsVector>(r, vectorColumn).Matches(EF.Functions.WebSearchToTsQuery("english", query)));

        var words = Words(query);
        if (words.Count == 0) return rows.Where(_ => false);
        var row = Expression.Parameter(typeof(T), "row");
        var functions = Expression.Property(null, typeof(EF), nameof(EF.Functions));
        var escape = Expression.Constant("\\");
        foreach (var word in words)
        {
            // A member of a captured object, so that EF Core sends the pattern as a parameter, never as SQL text.
            var pattern = Expression.Property(Expression.Constant(new LikePattern(word)), nameof(LikePattern.Value));
            var anyField = fields
                .Select(field => (Expression)Expression.Call(Like, functions, new Rebind(field.Parameters[0], row).Visit(field.Body), pattern, escape))
                .Aggregate(Expression.OrElse);
            rows = rows.Where(Expression.Lambda<Func<T, bool>>(anyField, row));
        }

        return rows;
    }

    private static readonly System.Reflection.MethodInfo Like = typeof(DbFunctionsExtensions).GetMethod(
        nameof(DbFunctionsExtensions.Like), [typeof(DbFunctions), typeof(string), typeof(string), typeof(string)])!;

    private sealed class LikePattern(string word)
    {
        public string Value { get; } = $"%{word.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal)}%";
    }

    private sealed class Rebind(ParameterExpression from, ParameterExpression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : node;
    }
}
