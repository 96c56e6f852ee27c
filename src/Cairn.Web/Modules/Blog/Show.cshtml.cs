using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;

namespace Cairn.Web.Modules.Blog;

/// <summary>One post with its comments; members comment here, and may delete the comments they are allowed to.</summary>
public sealed class ShowModel(BlogAccess access, CairnDbContext db, BlogCache cache) : BlogPageModel(access)
{
    public sealed record CommentRow(int Id, string Body, DateTime CreatedAt, string AuthorName, string AuthorUserName, bool CanDelete);

    public sealed class CommentInput
    {
        [Required(ErrorMessage = "Write something first.")]
        [StringLength(5000, ErrorMessage = "A comment may be at most 5000 characters long.")]
        [Display(Name = "Your comment")]
        public string Body { get; set; } = "";
    }

    public Post Post { get; private set; } = null!;
    public string AuthorName { get; private set; } = "";
    public string AuthorUserName { get; private set; } = "";
    public bool CanEdit { get; private set; }
    public IReadOnlyList<CommentRow> Comments { get; private set; } = [];

    [BindProperty]
    public CommentInput Comment { get; set; } = new();

    public async Task<IActionResult> OnGetAsync(string slug, CancellationToken cancellationToken) =>
        await LoadAsync(slug, cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostCommentAsync(string slug, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(slug, cancellationToken)) return NotFound();
        if (!CanWrite || Post.Status != PostStatus.Published) return Denied();
        if (!ModelState.IsValid) return Page();

        db.Comments.Add(Blog.Comment.Write(Post.Id, Access.UserId!.Value, Comment.Body.Trim()));
        await db.SaveChangesAsync(cancellationToken);
        TempData.Success("Your comment is posted.");
        return RedirectToPage("/Blog/Show", pageHandler: null, routeValues: new { slug = Post.Slug }, fragment: "comments");
    }

    public async Task<IActionResult> OnPostDeleteCommentAsync(string slug, int commentId, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(slug, cancellationToken)) return NotFound();
        var comment = Comments.FirstOrDefault(c => c.Id == commentId);
        if (comment is null) return NotFound();
        if (!comment.CanDelete) return Denied();

        await db.Comments.Where(c => c.Id == commentId && c.PostId == Post.Id).ExecuteDeleteAsync(cancellationToken);
        await cache.InvalidateAsync([BlogCache.Comments(Post.Id)], cancellationToken);
        TempData.Success("The comment is deleted.");
        return RedirectToPage("/Blog/Show", pageHandler: null, routeValues: new { slug = Post.Slug }, fragment: "comments");
    }

    private async Task<bool> LoadAsync(string slug, CancellationToken cancellationToken)
    {
        var visible = await Access.VisiblePostsAsync(cancellationToken);
        var found = await visible.Where(p => p.Slug == slug)
            .Select(p => new { Post = p, p.Author!.DisplayName, p.Author.UserName, Category = p.Category, Tags = p.Tags.OrderBy(t => t.Name).ToList() })
            .AsNoTracking()
            .FirstOrDefaultAsync(cancellationToken);
        if (found is null) return false;

        Post = found.Post;
        Post.Category = found.Category;
        Post.Tags.AddRange(found.Tags);
        AuthorName = found.DisplayName;
        AuthorUserName = found.UserName!;
        CanEdit = await Access.CanEditAsync(Post.AuthorId, cancellationToken);
        var rows = await db.Comments.Where(c => c.PostId == Post.Id).OrderBy(c => c.CreatedAt).ThenBy(c => c.Id)
            .Select(c => new { c.Id, c.Body, c.CreatedAt, c.AuthorId, c.Author!.DisplayName, c.Author.UserName })
            .ToListAsync(cancellationToken);
        var comments = new List<CommentRow>(rows.Count);
        foreach (var c in rows)
            comments.Add(new CommentRow(c.Id, c.Body, c.CreatedAt, c.DisplayName, c.UserName!, await Access.CanDeleteCommentAsync(c.AuthorId, Post.AuthorId, cancellationToken)));
        Comments = comments;
        ViewData["Title"] = Post.Title;
        return true;
    }
}
