using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;

namespace Cairn.Web.Platform.Web;

/// <summary>
/// Errors: API routes (under /api) answer RFC 7807 problem details; pages show the styled error page
/// with the right status. No stack trace leaves the server outside Development.
/// </summary>
public static class ErrorHandling
{
    public static IServiceCollection AddCairnErrors(this IServiceCollection services)
    {
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            context.ProblemDetails.Extensions["traceId"] = context.HttpContext.TraceIdentifier;
            if (context.HttpContext.Items[Tenancy.TenancyMiddleware.UnknownWorkspaceItem] is string slug)
                context.ProblemDetails.Detail = slug.Length == 0 ? "This site serves no workspace at this host." : $"There is no workspace '{slug}'.";
        });
        services.Configure<ExceptionHandlerOptions>(options =>
            // A request that breaks a limit (a body too large, a bad header) is the client's fault, not ours.
            options.StatusCodeSelector = exception => exception switch
            {
                BadHttpRequestException bad => bad.StatusCode,
                // A caller that skipped the renderer's answer still gets a 4xx, never a 500.
                MarkdownRefusedException => StatusCodes.Status422UnprocessableEntity,
                _ => StatusCodes.Status500InternalServerError,
            });
        return services;
    }

    public static bool IsApi(this HttpContext context) => context.Request.Path.StartsWithSegments("/api");

    public static WebApplication UseCairnErrors(this WebApplication app)
    {
        app.UseWhen(context => context.IsApi(), api =>
        {
            api.UseExceptionHandler();
            api.UseStatusCodePages();
        });
        app.UseWhen(context => !context.IsApi(), pages =>
        {
            if (!app.Environment.IsDevelopment()) pages.UseExceptionHandler("/error");
            pages.UseStatusCodePagesWithReExecute("/error/{0}");
        });
        return app;
    }

    /// <summary>The status of the original request, for the error page.</summary>
    public static int OriginalStatus(this HttpContext context, int? routeCode)
    {
        if (context.Features.Get<IExceptionHandlerFeature>() is not null) return context.Response.StatusCode >= 400 ? context.Response.StatusCode : 500;
        return routeCode ?? context.Features.Get<IHttpResponseFeature>()?.StatusCode ?? 500;
    }
}
