using Cairn.Web.Modules.Account;
using Cairn.Web.Modules.Admin;
using Cairn.Web.Modules.Blog;
using Cairn.Web.Modules.Chat;
using Cairn.Web.Modules.Home;
using Cairn.Web.Modules.Recipes;
using Cairn.Web.Modules.Tasks;
using Cairn.Web.Modules.Workspaces;

namespace Cairn.Web;

/// <summary>
/// The installed modules, like Django's INSTALLED_APPS: one line per module in each list. Everything else a
/// module adds (navigation, API tags, email links, sitemap, tables, jobs) it declares in its own folder.
/// Removing a module is deleting its folder and its lines here.
/// </summary>
public static class InstalledModules
{
    public static IHostApplicationBuilder AddModules(this IHostApplicationBuilder builder)
    {
        builder.AddHomePages();
        builder.AddAccountPages();
        builder.AddWorkspacePages();
        builder.AddBlog();
        builder.AddTasks();
        builder.AddRecipes();
        builder.AddChat();
        builder.AddAdminPages();
        return builder;
    }

    public static IEndpointRouteBuilder MapModules(this IEndpointRouteBuilder endpoints)
    {
        // Pages are found by Razor Pages under Modules/; modules with API endpoints or hubs map them here.
        endpoints.MapBlog();
        endpoints.MapTasks();
        endpoints.MapRecipes();
        endpoints.MapChat();
        return endpoints;
    }
}
