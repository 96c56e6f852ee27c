namespace Cairn.Web.Modules.Blog;

/// <summary>One row of a post list, read with its author, category, tags and comment count in one SQL command.</summary>
public sealed record PostSummary(
    string Slug, string Title, string Description, PostStatus Status, DateTime? PublishedAt, DateTime CreatedAt,
    string AuthorName, string AuthorUserName, string? CategoryName, string? CategorySlug, List<string> Tags, int CommentCount);

public sealed record PostPage(IReadOnlyList<PostSummary> Posts, int Page, int PageCount, int Total)
{
    public bool HasPrevious => Page > 1;
    public bool HasNext => Page < PageCount;
}

public static class PostListing
{
    public const int PageSize = 10;

    /// <summary>
    /// Page <paramref name="page"/> (from 1) of <paramref name="posts"/>, newest first; null when the page is past
    /// the end (an empty list has one, empty, page). Two SQL commands whatever the page size: the count and the page.
    /// </summary>
    public static async Task<PostPage?> LoadAsync(IQueryable<Post> posts, int page, CancellationToken cancellationToken)
    {
        if (page < 1) return null;
        var total = await posts.CountAsync(cancellationToken);
        var pageCount = Math.Max(1, (total + PageSize - 1) / PageSize);
        if (page > pageCount) return null;

        var rows = total == 0 ? [] : await posts.NewestFirst()
            .Skip((page - 1) * PageSize).Take(PageSize)
            .Select(p => new PostSummary(
                p.Slug, p.Title, p.Description, p.Status, p.PublishedAt, p.CreatedAt,
                p.Author!.DisplayName, p.Author.UserName!, p.Category!.Name, p.Category.Slug,
                p.Tags.OrderBy(t => t.Name).Select(t => t.Name).ToList(),
                p.Comments.Count))
            .ToListAsync(cancellationToken);
        return new PostPage(rows, page, pageCount, total);
    }
}
