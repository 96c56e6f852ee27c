namespace Cairn.Web.Modules.Blog;

/// <summary>
/// Word search of posts (<see cref="WordSearch"/>). On PostgreSQL: the generated <c>search_vector</c> column (title
/// weighted above description above body) with a GIN index. On SQLite: every word in the title, description or text.
/// </summary>
public static class PostSearch
{
    public const string VectorColumn = "SearchVector";

    public static IQueryable<Post> Matching(CairnDbContext db, IQueryable<Post> posts, string query) =>
        posts.Matching(db, query, VectorColumn, p => p.Title, p => p.Description, p => p.Body);
}
