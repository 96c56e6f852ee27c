using Cairn.Web.Modules.Account;
using Cairn.Web.Modules.Blog;
using Cairn.Web.Modules.Tasks;
using Cairn.Web.Modules.Workspaces;
using Cairn.Web.Platform;
using Cairn.Web.Platform.Accounts;
using Cairn.Web.Platform.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Cairn.Web;

/// <summary>
/// The installed modules, like Django's INSTALLED_APPS: one line per module in each list.
/// Removing a module is deleting its folder and its lines here.
/// </summary>
public static class InstalledModules
{
    public static IHostApplicationBuilder AddModules(this IHostApplicationBuilder builder)
    {
        builder.AddAccountPages();
        builder.AddWorkspacePages();
        builder.AddBlog();
        builder.AddTasks();
        return builder;
    }

    public static IEndpointRouteBuilder MapModules(this IEndpointRouteBuilder endpoints)
    {
        // Pages are found by Razor Pages under Modules/; modules with API endpoints or hubs map them here.
        endpoints.MapBlog();
        endpoints.MapTasks();
        return endpoints;
    }

    /// <summary>Entity configurations of the platform and of every module, applied by the one DbContext.</summary>
    public static void ConfigureModels(ModelBuilder model, DatabaseProvider provider)
    {
        AccountsModel.Configure(model);
        TenancyModel.Configure(model);
        BlogModule.ConfigureModel(model, provider);
        TasksModule.ConfigureModel(model, provider);
    }
}
