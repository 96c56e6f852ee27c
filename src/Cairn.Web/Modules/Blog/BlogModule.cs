using Cairn.Web.Modules.Blog.Conduit;
using Microsoft.EntityFrameworkCore;

namespace Cairn.Web.Modules.Blog;

/// <summary>The Blog module (roadmap weeks 2, 4, 9, 10): pages under /blog and the RealWorld API under /api.</summary>
public static class BlogModule
{
    public static IHostApplicationBuilder AddBlog(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<MarkdownRenderer>();
        builder.Services.AddScoped<PostService>();
        builder.Services.AddScoped<ConduitCaller>();
        return builder;
    }

    public static IEndpointRouteBuilder MapBlog(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapConduitUsersApi();
        endpoints.MapConduitArticlesApi();
        return endpoints;
    }

    public static void ConfigureModel(ModelBuilder model) => BlogModel.Configure(model);
}
