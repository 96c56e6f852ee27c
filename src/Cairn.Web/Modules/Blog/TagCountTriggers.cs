namespace Cairn.Web.Modules.Blog;

/// <summary>
/// The triggers that keep <c>blog_tags.published_posts</c> equal to the number of published posts carrying each
/// tag: a link between a published post and a tag added or removed, a post published, unpublished or deleted.
/// <c>GET /api/tags</c> and the tag pages read the count instead of joining every post on every request. The
/// <c>TagCounts</c> migration of each provider installs them and fills the counts in, and holds their SQL
/// (migrations are frozen history); the model declares their names so that EF Core writes around them.
/// </summary>
public static class TagCountTriggers
{
    public static readonly string[] OnPostTags = ["blog_post_tags_count_insert", "blog_post_tags_count_delete"];

    public static readonly string[] OnPosts = ["blog_posts_tag_count_delete", "blog_posts_tag_count_status"];
}
