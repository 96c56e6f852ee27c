namespace Cairn.Web.Modules.Blog.Conduit;

/// <summary>
/// Articles as the API shows them, built in one SQL command per page (tags, favourite and follow flags and
/// counts come from sub-queries, never from a query per article).
/// </summary>
internal static class ArticleQueries
{
    private sealed record Row(
        string Slug, string Title, string Description, string Body, DateTime CreatedAt, DateTime UpdatedAt,
        List<string> Tags, bool Favorited, int FavoritesCount, string Author, string Bio, string? AvatarFile, bool Following);

    public static async Task<List<ArticleResponse>> ListAsync(CairnDbContext db, IQueryable<Post> posts, Guid? viewer, CancellationToken cancellationToken)
    {
        var rows = await posts
            .Select(p => new Row(
                p.Slug, p.Title, p.Description, p.Body, p.CreatedAt, p.UpdatedAt,
                p.Tags.OrderBy(t => t.Name).Select(t => t.Name).ToList(),
                viewer != null && p.Favorites.Any(f => f.UserId == viewer),
                p.Favorites.Count,
                p.Author!.UserName!, p.Author.Bio, p.Author.AvatarFile,
                viewer != null && db.Set<Follow>().Any(f => f.FollowerId == viewer && f.FolloweeId == p.AuthorId)))
            .ToListAsync(cancellationToken);
        return rows.Select(ToResponse).ToList();
    }

    public static async Task<ArticleResponse?> OneAsync(CairnDbContext db, string slug, Guid? viewer, CancellationToken cancellationToken) =>
        (await ListAsync(db, db.Posts.Published().Where(p => p.Slug == slug), viewer, cancellationToken)).FirstOrDefault();

    private static ArticleResponse ToResponse(Row row) => new(
        row.Slug, row.Title, row.Description, row.Body, row.Tags,
        ConduitFormat.Timestamp(row.CreatedAt), ConduitFormat.Timestamp(row.UpdatedAt),
        row.Favorited, row.FavoritesCount,
        new ProfileResponse(row.Author, row.Bio, ConduitFormat.Image(row.AvatarFile), row.Following));
}
