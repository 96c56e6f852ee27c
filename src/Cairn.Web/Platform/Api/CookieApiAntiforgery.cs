using Microsoft.AspNetCore.Antiforgery;

namespace Cairn.Web.Platform.Api;

/// <summary>
/// <c>/api/v1</c> accepts the site's sign-in cookie as well as bearer tokens. A browser sends the cookie on its
/// own, so an unsafe request (POST, PUT, PATCH, DELETE) signed in by cookie alone must also carry the page's
/// antiforgery token in the <c>X-CSRF-TOKEN</c> header; otherwise it is 400 and changes nothing. Today CORS is
/// closed and JSON needs a preflight, so this is the second lock: it holds the day CORS opens for an SPA.
/// </summary>
public sealed class CookieApiAntiforgery(RequestDelegate next, IAntiforgery antiforgery)
{
    public const string HeaderName = "X-CSRF-TOKEN";

    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (request.Path.StartsWithSegments("/api/v1")
            && !(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method) || HttpMethods.IsTrace(request.Method))
            && request.Headers.Authorization.Count == 0
            && context.User.Identity?.IsAuthenticated == true
            && !await antiforgery.IsRequestValidAsync(context))
        {
            await Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The antiforgery token is missing or wrong.",
                detail: $"Signed in by cookie, send the page's antiforgery token in the {HeaderName} header, or use a bearer token.").ExecuteAsync(context);
            return;
        }
        await next(context);
    }
}
