using Cairn.Web.Platform.Admin;

namespace Cairn.Web.Modules.Blog;

/// <summary>What the admin site shows of the Blog module, and the blog's rules it keeps (its <c>admin.py</c>).</summary>
internal static class BlogAdmin
{
    public static void Posts(AdminFor<Post> posts) => posts
        .Display(p => p.Title)
        .List(p => p.Title).List(p => p.Author!.DisplayName, "Author").List(p => p.Status).List(p => p.PublishedAt, "Published")
        .Ordering(p => p.PublishedAt) // drafts (not published yet) first, then the newest published
        .Search(p => p.Title, p => p.Description, p => p.Body).SearchIndex(PostSearch.VectorColumn)
        .Filter(p => p.Status).Filter(p => p.CategoryId, "Category").Filter(p => p.AuthorId, "Author")
        .DateHierarchy(p => p.PublishedAt, "Published")
        .Exclude(p => p.BodyHtml)
        .ReadOnly(p => p.CreatedAt, p => p.UpdatedAt)
        .Group("Publishing", p => p.Status, p => p.PublishedAt, p => p.CategoryId, p => p.AuthorId)
        .Group("Dates", p => p.CreatedAt, p => p.UpdatedAt)
        .OnNew((post, save) => post.AuthorId = save.UserId)
        .Rule(KeepPostRulesAsync)
        .Inline<Comment>("Comments", c => c.Body)
        .Action("publish", "Publish", (posts, bulk, token) => posts.Where(p => p.Status == PostStatus.Draft).ExecuteUpdateAsync(set => set
            .SetProperty(p => p.Status, PostStatus.Published).SetProperty(p => p.PublishedAt, p => p.PublishedAt ?? bulk.Now).SetProperty(p => p.UpdatedAt, bulk.Now), token))
        .Action("unpublish", "Back to draft", (posts, bulk, token) => posts.Where(p => p.Status == PostStatus.Published).ExecuteUpdateAsync(set => set
            .SetProperty(p => p.Status, PostStatus.Draft).SetProperty(p => p.UpdatedAt, bulk.Now), token));

    // The rules the blog's own forms keep: a slug in the blog's form, the body rendered, a publication date.
    private static ValueTask KeepPostRulesAsync(Post post, AdminSave save, CancellationToken cancellationToken)
    {
        if (save.Changed(nameof(Post.Slug)) && Slugs.From(post.Slug) != post.Slug)
            save.Error(nameof(Post.Slug), $"An address uses lower-case letters, digits and hyphens, such as “{Slugs.From(post.Slug)}”.");
        else if (save.Changed(nameof(Post.Slug)) && PostForm.ReservedSlugs.Contains(post.Slug))
            save.Error(nameof(Post.Slug), "The blog uses this address for one of its own pages.");
        if (save.Changed(nameof(Post.Body)) && save.Services.GetRequiredService<PostService>().Render(post, cancellationToken) is { } problem)
            save.Error(nameof(Post.Body), problem);
        if (post.Status == PostStatus.Published) post.PublishedAt ??= save.Now;
        post.UpdatedAt = save.Now;
        return ValueTask.CompletedTask;
    }

    public static void Comments(AdminFor<Comment> comments) => comments
        .Display(c => c.Body)
        .List(c => c.Body, "Comment").List(c => c.Post!.Title, "Post").List(c => c.Author!.DisplayName, "Author").List(c => c.CreatedAt, "Written")
        .Search(c => c.Body)
        .ReadOnly(c => c.CreatedAt, c => c.UpdatedAt)
        .OnNew((comment, save) => comment.AuthorId = save.UserId)
        .Rule((comment, save) => comment.UpdatedAt = save.Now);

    // A tag's count of published posts is the database's (triggers); its name is kept in the blog's form.
    public static void Tags(AdminFor<Tag> tags) => tags
        .Display(t => t.Name)
        .List(t => t.Name).List(t => t.PublishedPosts, "Published posts")
        .Search(t => t.Name)
        .Rule((tag, save) =>
        {
            var name = TagNames.Normalize(tag.Name);
            if (name.Length == 0) save.Error(nameof(Tag.Name), "This field is required.");
            else if (TagNames.Problem([name]) is { } problem) save.Error(nameof(Tag.Name), problem);
            else tag.Name = name;
        });

    public static void Categories(AdminFor<Category> categories) => categories
        .Named("category", "category", "categories")
        .Display(c => c.Name)
        .List(c => c.Name).List(c => c.Slug)
        .Search(c => c.Name)
        .TextArea(c => c.Description)
        .Rule((category, save) =>
        {
            if (save.Changed(nameof(Category.Slug)) && Slugs.From(category.Slug) != category.Slug)
                save.Error(nameof(Category.Slug), $"An address uses lower-case letters, digits and hyphens, such as “{Slugs.From(category.Slug)}”.");
        });
}
