using Microsoft.AspNetCore.Diagnostics;

namespace Cairn.Web.Platform.Tenancy;

/// <summary>
/// Sets the workspace of each request. An unknown workspace answers 404 (problem details for API
/// clients, the styled page for browsers) before any module code runs.
/// </summary>
public sealed class TenancyMiddleware(RequestDelegate next)
{
    public const string UnknownWorkspaceItem = "cairn.unknown-workspace";

    public async Task InvokeAsync(HttpContext context, TenantResolver resolver, TenantStore store, TenantContext tenantContext)
    {
        // A re-executed error page keeps the workspace of the original request, or none when that was the problem.
        if (context.Features.Get<IStatusCodeReExecuteFeature>() is not null
            || context.Features.Get<IExceptionHandlerPathFeature>() is not null)
        {
            await next(context);
            return;
        }

        var slug = resolver.SlugFor(context.Request);
        var tenant = slug is { Length: <= 63 } ? await store.FindAsync(slug, context.RequestAborted) : null;
        if (tenant is null)
        {
            // A host outside the base domain is named nowhere in the answer: "" says only "not served here".
            context.Items[UnknownWorkspaceItem] = slug ?? "";
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        tenantContext.Set(tenant);
        await next(context);
    }
}
