using System.Text.RegularExpressions;
using NpgsqlTypes;

namespace Cairn.Web.Modules.Blog;

/// <summary>
/// Full-text search of posts. On PostgreSQL: the generated <c>search_vector</c> column (title weighted above
/// description above body) with a GIN index, queried with <c>websearch_to_tsquery</c>. On SQLite: every word
/// must appear in the title, description or text.
/// </summary>
public static partial class PostSearch
{
    public const string VectorColumn = "SearchVector";

    [GeneratedRegex(@"[\p{L}\p{N}]+")]
    private static partial Regex WordPattern();

    public static IReadOnlyList<string> Words(string query) =>
        WordPattern().Matches(query).Select(m => m.Value).Where(w => w.Length > 1).Distinct(StringComparer.OrdinalIgnoreCase).Take(8).ToList();

    public static IQueryable<Post> Matching(CairnDbContext db, IQueryable<Post> posts, string query, IReadOnlyList<string> words)
    {
        if (db.Database.IsNpgsql())
            return posts.Where(p => EF.Property<NpgsqlTsVector>(p, VectorColumn).Matches(EF.Functions.WebSearchToTsQuery("english", query)));

        foreach (var word in words)
        {
            var pattern = $"%{word.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_")}%";
            posts = posts.Where(p => EF.Functions.Like(p.Title, pattern, "\\") || EF.Functions.Like(p.Description, pattern, "\\") || EF.Functions.Like(p.Body, pattern, "\\"));
        }

        return words.Count == 0 ? posts.Where(_ => false) : posts;
    }
}
