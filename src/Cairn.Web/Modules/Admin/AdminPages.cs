using Cairn.Web.Platform.Admin;

namespace Cairn.Web.Modules.Admin;

/// <summary>
/// The admin site's pages (roadmap week 2, Django's admin): <c>/admin</c> and each registered entity's change list
/// at <c>/admin/{module}/{entity}/</c>. The entities are registered by their own modules (<c>BlogAdmin</c>,
/// <c>TasksAdmin</c>); the engine is <see cref="AdminSite"/> and <see cref="AdminFor{T}"/> in Platform/Admin.
/// </summary>
public static class AdminPages
{
    public const string Name = "admin";

    public static IHostApplicationBuilder AddAdminPages(this IHostApplicationBuilder builder)
    {
        builder.AddCairnModule(Name, module => module.Owns("/admin").Navigation("Admin", "/admin", order: 95, NavigationAudience.Admins));
        builder.Services.AddSingleton<AdminSite>();
        return builder;
    }
}
