using Microsoft.AspNetCore.Mvc.ViewFeatures;

namespace Cairn.Web.Platform.Web;

/// <summary>
/// The flash messages' cookie (TempData), without the cookie-clearing header that ASP.NET Core sends on every page
/// that looked for a message and found none, even to a browser that never had the cookie. Besides saving a header,
/// that lets the output cache keep pages for visitors, which it never does for an answer that sets a cookie.
/// </summary>
public sealed class QuietTempDataCookies(CookieTempDataProvider inner) : ITempDataProvider
{
    /// <summary>The cookie's name (ASP.NET Core's default; large values are split into chunks named after it).</summary>
    public const string CookieName = ".AspNetCore.Mvc.CookieTempDataProvider";

    public IDictionary<string, object> LoadTempData(HttpContext context) => inner.LoadTempData(context);

    public void SaveTempData(HttpContext context, IDictionary<string, object> values)
    {
        // Nothing to keep, and nothing in the browser to clear.
        if (values.Count == 0 && !context.Request.Cookies.Keys.Any(name => name.StartsWith(CookieName, StringComparison.Ordinal))) return;
        inner.SaveTempData(context, values);
    }

    public static IServiceCollection AddQuietTempDataCookies(IServiceCollection services) =>
        services.AddSingleton<ITempDataProvider>(provider => new QuietTempDataCookies(ActivatorUtilities.CreateInstance<CookieTempDataProvider>(provider)));
}
