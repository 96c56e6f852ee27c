using Microsoft.AspNetCore.Authorization;

namespace Cairn.Web.Platform.Tenancy;

public static class TenancyExtensions
{
    public static IHostApplicationBuilder AddCairnTenancy(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<TenancyOptions>(builder.Configuration.GetSection(TenancyOptions.Section));
        builder.Services.AddMemoryCache();
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddSingleton<TenantResolver>();
        builder.Services.AddScoped<TenantStore>();
        builder.Services.AddScoped<TenantContext>();
        builder.Services.AddScoped<ITenantContext>(services => services.GetRequiredService<TenantContext>());
        builder.Services.AddScoped<WorkspaceService>();
        builder.Services.AddScoped<WorkspaceJoining>();
        builder.Services.AddScoped<WorkspaceMembers>();
        builder.Services.AddSingleton<WorkspaceScopes>();
        builder.Services.AddScoped<WorkspaceLinks>();
        builder.Services.AddScoped<CurrentMembership>();
        builder.Services.AddScoped<IAuthorizationHandler, WorkspaceRoleHandler>();
        return builder;
    }

    /// <summary>Resolves the workspace of every request except health probes, which answer for the whole process.</summary>
    public static IApplicationBuilder UseCairnTenancy(this IApplicationBuilder app) =>
        app.UseWhen(context => !context.Request.Path.StartsWithSegments("/health"), branch => branch.UseMiddleware<TenancyMiddleware>());
}
