using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace Cairn.Web.Modules.Blog;

/// <summary>The fields of the post form, shared by the new and edit pages.</summary>
public sealed class PostInput
{
    [Required(ErrorMessage = "Give the post a title.")]
    [StringLength(200, ErrorMessage = "The title may be at most 200 characters long.")]
    [Display(Name = "Title")]
    public string Title { get; set; } = "";

    [StringLength(Slugs.MaxLength, ErrorMessage = "The address may be at most 80 characters long.")]
    [Display(Name = "Address (slug)")]
    public string? Slug { get; set; }

    [StringLength(500, ErrorMessage = "The description may be at most 500 characters long.")]
    [Display(Name = "Description")]
    public string? Description { get; set; }

    [Required(ErrorMessage = "Write the post's text.")]
    [StringLength(100_000, ErrorMessage = "The text may be at most 100,000 characters long.")]
    [Display(Name = "Text (Markdown)")]
    public string Body { get; set; } = "";

    [Display(Name = "Category")]
    public int? CategoryId { get; set; }

    [StringLength(600)]
    [Display(Name = "Tags")]
    public string? Tags { get; set; }

    [Display(Name = "Publish")]
    public bool Publish { get; set; }
}

/// <summary>Applies a <see cref="PostInput"/> to a post: validation that needs the database, slugs, tags, rendering.</summary>
public sealed class PostForm(CairnDbContext db, PostService posts)
{
    public static readonly IReadOnlySet<string> ReservedSlugs = new HashSet<string>
    {
        "new", "drafts", "search", "feed", "categories", "category", "tags", "tag", "author", "settings",
    };

    public async Task<List<SelectListItem>> CategoryOptionsAsync(CancellationToken cancellationToken) =>
        await db.Categories.OrderBy(c => c.Name)
            .Select(c => new SelectListItem(c.Name, c.Id.ToString()))
            .ToListAsync(cancellationToken);

    /// <summary>Saves what <see cref="ApplyAsync"/> changed, mending lost races (see <see cref="PostService.SaveAsync"/>); null, or why not.</summary>
    public Task<string?> SaveAsync(CancellationToken cancellationToken) => posts.SaveAsync(cancellationToken);

    /// <summary>Copies the input onto <paramref name="post"/>; returns (field, message) when it cannot.</summary>
    public async Task<(string Field, string Message)?> ApplyAsync(Post post, PostInput input, bool isNew, CancellationToken cancellationToken)
    {
        if (input.CategoryId is { } categoryId && !await db.Categories.AnyAsync(c => c.Id == categoryId, cancellationToken))
            return ("Input.CategoryId", "Choose one of the categories.");
        var tags = TagNames.Split(input.Tags);
        if (TagNames.Problem(tags) is { } tagProblem) return ("Input.Tags", tagProblem);

        var wantedSlug = string.IsNullOrWhiteSpace(input.Slug) ? null : Slugs.From(input.Slug);
        if (isNew || (wantedSlug is not null && wantedSlug != post.Slug))
        {
            var slug = wantedSlug ?? Slugs.From(input.Title);
            // An address the author typed must be free; one made from the title gets a number if needed.
            if (wantedSlug is not null && !isNew && await db.Posts.AnyAsync(p => p.Slug == slug && p.Id != post.Id, cancellationToken))
                return ("Input.Slug", $"Another post already has the address '{slug}'.");
            // A slug made from the title, or a new post's, takes the next free number should another post win it
            // first; an existing post's address chosen by hand does not (its save reports the conflict).
            if (isNew || wantedSlug is null) await posts.AssignSlugAsync(post, slug, cancellationToken);
            else post.Slug = await posts.UniqueSlugAsync(slug, post.Id, cancellationToken);
        }

        var body = post.Body;
        post.Body = input.Body;
        if (posts.Render(post, cancellationToken) is { } problem)
        {
            post.Body = body;
            return ("Input.Body", problem);
        }
        post.Title = input.Title.Trim();
        post.Description = input.Description?.Trim() ?? "";
        post.CategoryId = input.CategoryId;
        await posts.SetTagsAsync(post, tags, cancellationToken);
        if (input.Publish) post.Publish(DateTime.UtcNow);
        else post.Status = PostStatus.Draft;
        post.UpdatedAt = DateTime.UtcNow;
        return null;
    }
}
