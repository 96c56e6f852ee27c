using Cairn.Web.Platform.Admin;

namespace Cairn.Web.Modules.Admin;

/// <summary>
/// The admin site's pages (roadmap week 2, Django's admin): <c>/admin</c> with the recent actions, and for each
/// registered entity its change list at <c>/admin/{module}/{entity}/</c>, <c>add/</c>, and per object
/// <c>{id}/change/</c>, <c>{id}/delete/</c> and <c>{id}/history/</c>. The entities are registered by their own modules (<c>BlogAdmin</c>,
/// <c>TasksAdmin</c>); the engine is <see cref="AdminSite"/> and <see cref="AdminFor{T}"/> in Platform/Admin.
/// </summary>
public static class AdminPages
{
    public const string Name = "admin";

    public static IHostApplicationBuilder AddAdminPages(this IHostApplicationBuilder builder)
    {
        builder.AddCairnModule(Name, module => module.Owns("/admin").Navigation("Admin", "/admin", order: 95, NavigationAudience.Admins));
        builder.Services.AddSingleton<AdminSite>();
        builder.Services.AddScoped<AdminEditor>();
        builder.Services.AddScoped<AdminBulkActions>();
        builder.Services.AddScoped<AdminImporter>();
        builder.Services.AddJob<RunAdminBulkJob, AdminBulkActions>();
        return builder;
    }
}
