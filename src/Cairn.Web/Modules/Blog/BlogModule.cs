using Cairn.Web.Modules.Blog.Conduit;
using Cairn.Web.Platform;
using Microsoft.AspNetCore.Mvc.ApplicationModels;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Cairn.Web.Modules.Blog;

/// <summary>The Blog module (roadmap weeks 2, 4, 9, 10): pages under /blog and the RealWorld API under /api.</summary>
public static class BlogModule
{
    public static IHostApplicationBuilder AddBlog(this IHostApplicationBuilder builder)
    {
        builder.AddCairnModule(BlogCache.Module, module => module
            .Navigation("Blog", "/blog", order: 10)
            .ApiTag("Blog", "The workspace's blog: the same posts, filters and permissions as the /blog pages.")
            .EmailLink("The blog", "/blog")
            .Sitemap<BlogSitemap>()
            .Demo<BlogDemoContent>()
            .Owns("/blog", "/api/v1/blog", "/api/articles", "/api/tags", "/api/profiles", "/api/user", "/api/users")
            .CacheEvictedBy(BlogCache.EvictedBy)
            .CacheEvictedBy<Favorite>(favorite => BlogCache.FavoriteParts(favorite.PostId))
            .CacheEvictedBy<Comment>(comment => [BlogCache.Comments(comment.PostId)])
            .Admin<Post>(BlogAdmin.Posts).Admin<Comment>(BlogAdmin.Comments).Admin<Category>(BlogAdmin.Categories).Admin<Tag>(BlogAdmin.Tags));
        builder.AddModuleOptions<BlogOptions>("Blog");
        builder.Services.AddScoped<PostService>();
        builder.Services.AddScoped<ConduitCaller>();
        builder.Services.AddScoped<BlogAccess>();
        builder.Services.AddScoped<PostForm>();
        builder.Services.AddScoped<BlogCache>();
        builder.Services.AddScoped<IOutboxRule<CommentAdded>, CommentEmailRule>();
        builder.Services.AddJob<SendCommentEmail, CommentEmailJob>();
        builder.Services.Configure<RazorPagesOptions>(options =>
        {
            // One page lists posts; these addresses pick which. They are inbound only (views write them as
            // addresses), so a link to the page with no values (RedirectToPage after a delete) is /blog.
            options.Conventions.AddPageRouteModelConvention("/Blog/Posts", page =>
            {
                foreach (var template in new[] { "blog/category/{category}", "blog/tag/{tag}", "blog/author/{author}", "blog/drafts" })
                    page.Selectors.Add(new SelectorModel { AttributeRouteModel = new AttributeRouteModel { Template = template, SuppressLinkGeneration = true } });
            });
        });
        return builder;
    }

    public static IEndpointRouteBuilder MapBlog(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapConduitUsersApi();
        endpoints.MapConduitArticlesApi();
        endpoints.MapBlogFeeds();
        endpoints.MapBlogPostsApi();
        return endpoints;
    }
}
