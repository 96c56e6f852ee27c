using Microsoft.AspNetCore.Http.Features;

namespace Cairn.Web.Platform.Web;

/// <summary>
/// Answers 413 at once when a request announces a body larger than the server accepts, before any form
/// or antiforgery code tries to read it (which would otherwise report a generic 400).
/// </summary>
public sealed class RequestSizeLimitMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        var limit = context.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize;
        if (limit is { } max && context.Request.ContentLength > max)
        {
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            context.Response.Headers.Connection = "close";
            return Task.CompletedTask;
        }

        return next(context);
    }
}
