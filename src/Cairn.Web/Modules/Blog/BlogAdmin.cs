using Cairn.Web.Platform.Admin;

namespace Cairn.Web.Modules.Blog;

/// <summary>What the admin site shows of the Blog module (its <c>admin.py</c>).</summary>
internal static class BlogAdmin
{
    public static void Posts(AdminFor<Post> posts) => posts
        .List(p => p.Title).List(p => p.Author!.DisplayName, "Author").List(p => p.Status).List(p => p.PublishedAt, "Published")
        .Search(p => p.Title, p => p.Description)
        .Filter(p => p.Status);

    public static void Comments(AdminFor<Comment> comments) => comments
        .List(c => c.Body, "Comment").List(c => c.Post!.Title, "Post").List(c => c.Author!.DisplayName, "Author").List(c => c.CreatedAt, "Written")
        .Search(c => c.Body);

    public static void Categories(AdminFor<Category> categories) => categories
        .Named("category", "category", "categories")
        .List(c => c.Name).List(c => c.Slug)
        .Search(c => c.Name);
}
