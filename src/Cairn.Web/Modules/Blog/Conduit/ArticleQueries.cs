using System.Linq.Expressions;

namespace Cairn.Web.Modules.Blog.Conduit;

/// <summary>
/// Articles as the API shows them, built in one SQL command per page (tags, favourite and follow flags and
/// counts come from sub-queries, never from a query per article). The reads every client makes (one article, the
/// newest articles, the feed) are compiled once (<see cref="EF.CompileAsyncQuery{TContext, TParam1, TResult}(Expression{Func{TContext, TParam1, IQueryable{TResult}}})"/>),
/// so a request skips LINQ translation; filtered lists are translated per request, and cached by EF Core as usual.
/// </summary>
internal static class ArticleQueries
{
    private sealed record Row(
        int Id, string Slug, string Title, string Description, string Body, DateTime CreatedAt, DateTime UpdatedAt,
        List<string> Tags, bool Favorited, int FavoritesCount, string Author, string Bio, string? AvatarFile, bool Following);

    // One post as a row, for a viewer (or nobody); written once, used by every query below.
    private static readonly Expression<Func<Post, CairnDbContext, Guid?, Row>> ToRow = (p, db, viewer) => new Row(
        p.Id, p.Slug, p.Title, p.Description, p.Body, p.CreatedAt, p.UpdatedAt,
        p.Tags.OrderBy(t => t.Name).Select(t => t.Name).ToList(),
        viewer != null && p.Favorites.Any(f => f.UserId == viewer),
        p.Favorites.Count,
        p.Author!.UserName!, p.Author.Bio, p.Author.AvatarFile,
        viewer != null && db.Set<Follow>().Any(f => f.FollowerId == viewer && f.FolloweeId == p.AuthorId));

    private static readonly Func<CairnDbContext, string, Guid?, IAsyncEnumerable<Row>> One = EF.CompileAsyncQuery(
        Rows<Func<CairnDbContext, string, Guid?, IQueryable<Row>>>((Expression<Func<CairnDbContext, string, Guid?, IQueryable<Post>>>)((db, slug, viewer) =>
            db.Set<Post>().Where(p => p.Status == PostStatus.Published && p.Slug == slug))));

    private static readonly Func<CairnDbContext, int, int, Guid?, IAsyncEnumerable<Row>> Newest = EF.CompileAsyncQuery(
        Rows<Func<CairnDbContext, int, int, Guid?, IQueryable<Row>>>((Expression<Func<CairnDbContext, int, int, Guid?, IQueryable<Post>>>)((db, skip, take, viewer) =>
            db.Set<Post>().Where(p => p.Status == PostStatus.Published)
                .OrderByDescending(p => p.PublishedAt ?? p.CreatedAt).ThenByDescending(p => p.Id).Skip(skip).Take(take))));

    private static readonly Func<CairnDbContext, int, int, Guid?, IAsyncEnumerable<Row>> Followed = EF.CompileAsyncQuery(
        Rows<Func<CairnDbContext, int, int, Guid?, IQueryable<Row>>>((Expression<Func<CairnDbContext, int, int, Guid?, IQueryable<Post>>>)((db, skip, take, viewer) =>
            db.Set<Post>().Where(p => p.Status == PostStatus.Published && db.Set<Follow>().Any(f => f.FollowerId == viewer && f.FolloweeId == p.AuthorId))
                .OrderByDescending(p => p.PublishedAt ?? p.CreatedAt).ThenByDescending(p => p.Id).Skip(skip).Take(take))));

    private static readonly Func<CairnDbContext, CancellationToken, Task<int>> CountNewest = EF.CompileAsyncQuery((CairnDbContext db, CancellationToken ct) =>
        db.Set<Post>().Count(p => p.Status == PostStatus.Published));

    private static readonly Func<CairnDbContext, Guid?, CancellationToken, Task<int>> CountFollowed = EF.CompileAsyncQuery((CairnDbContext db, Guid? viewer, CancellationToken ct) =>
        db.Set<Post>().Count(p => p.Status == PostStatus.Published && db.Set<Follow>().Any(f => f.FollowerId == viewer && f.FolloweeId == p.AuthorId)));

    // Each method takes the request whose answer shows the articles (null for none): a cached answer is tagged with
    // each article it shows, so that a favourite evicts the answers that show that article only (BlogCache).

    public static async Task<ArticleResponse?> OneAsync(CairnDbContext db, string slug, Guid? viewer, HttpContext? answer, CancellationToken cancellationToken) =>
        Responses(await One(db, slug, viewer).ToListAsync(cancellationToken), answer).FirstOrDefault();

    /// <summary>A page of the newest published articles and how many there are.</summary>
    public static async Task<(List<ArticleResponse> Page, int Count)> NewestAsync(CairnDbContext db, int skip, int take, Guid? viewer, HttpContext? answer, CancellationToken cancellationToken)
    {
        var count = await CountNewest(db, cancellationToken);
        return count == 0 ? ([], 0) : (Responses(await Newest(db, skip, take, viewer).ToListAsync(cancellationToken), answer), count);
    }

    /// <summary>A page of the newest published articles by authors <paramref name="viewer"/> follows, and how many there are.</summary>
    public static async Task<(List<ArticleResponse> Page, int Count)> FeedAsync(CairnDbContext db, int skip, int take, Guid viewer, HttpContext? answer, CancellationToken cancellationToken)
    {
        var count = await CountFollowed(db, viewer, cancellationToken);
        return count == 0 ? ([], 0) : (Responses(await Followed(db, skip, take, viewer).ToListAsync(cancellationToken), answer), count);
    }

    /// <summary>Any query of posts (a filtered list) as articles.</summary>
    public static async Task<List<ArticleResponse>> ListAsync(CairnDbContext db, IQueryable<Post> posts, Guid? viewer, HttpContext? answer, CancellationToken cancellationToken)
    {
        // The viewer goes in as a captured value, so that EF Core makes it a parameter rather than a literal.
        var captured = new { db, viewer };
        var post = ToRow.Parameters[0];
        var body = new Replace(new()
        {
            [ToRow.Parameters[1]] = Expression.Property(Expression.Constant(captured), "db"),
            [ToRow.Parameters[2]] = Expression.Property(Expression.Constant(captured), "viewer"),
        }).Visit(ToRow.Body)!;
        var rows = await posts.Select(Expression.Lambda<Func<Post, Row>>(body, post)).ToListAsync(cancellationToken);
        return Responses(rows, answer);
    }

    private static List<ArticleResponse> Responses(List<Row> rows, HttpContext? answer)
    {
        var responses = new List<ArticleResponse>(rows.Count);
        foreach (var row in rows)
        {
            answer?.DependsOn(BlogCache.Article(row.Id));
            responses.Add(ToResponse(row));
        }

        return responses;
    }

    // (db, args…, viewer) => source(db, args…, viewer).Select(p => ToRow(p, db, viewer)), as one expression EF Core can compile.
    private static Expression<TQuery> Rows<TQuery>(LambdaExpression source)
    {
        var (db, viewer) = (source.Parameters[0], source.Parameters[^1]);
        var row = Expression.Lambda<Func<Post, Row>>(
            new Replace(new() { [ToRow.Parameters[1]] = db, [ToRow.Parameters[2]] = viewer }).Visit(ToRow.Body)!, ToRow.Parameters[0]);
        var select = Expression.Call(typeof(Queryable), nameof(Queryable.Select), [typeof(Post), typeof(Row)], source.Body, Expression.Quote(row));
        return Expression.Lambda<TQuery>(select, source.Parameters);
    }

    private sealed class Replace(Dictionary<Expression, Expression> replacements) : ExpressionVisitor
    {
        public override Expression? Visit(Expression? node) =>
            node is not null && replacements.TryGetValue(node, out var replacement) ? replacement : base.Visit(node);
    }

    private static ArticleResponse ToResponse(Row row) => new(
        row.Slug, row.Title, row.Description, row.Body, row.Tags,
        ConduitFormat.Timestamp(row.CreatedAt), ConduitFormat.Timestamp(row.UpdatedAt),
        row.Favorited, row.FavoritesCount,
        new ProfileResponse(row.Author, row.Bio, ConduitFormat.Image(row.AvatarFile), row.Following));
}
