using System.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Cairn.Web.Modules.Errors;

/// <summary>The one error page: 404, 403, 413, 500… with the layout and without internals.</summary>
[IgnoreAntiforgeryToken]
[ResponseCache(Duration = 0, Location = ResponseCacheLocation.None, NoStore = true)]
public sealed class ErrorModel(WorkspaceLinks links, IOptions<TenancyOptions> tenancy) : PageModel
{
    /// <summary>Where "back" leads: this workspace's home, or the default workspace's when this one does not exist.</summary>
    public string HomeUrl => UnknownWorkspace is null ? "/" : links.HomeOf(tenancy.Value.DefaultWorkspace);

    public int Status { get; private set; }
    public string? UnknownWorkspace { get; private set; }

    /// <summary>Why the site cannot store anything now (a 503 from <see cref="Platform.Data.StorageFailureMiddleware"/>).</summary>
    public string? StorageProblem { get; private set; }
    public string RequestId => Activity.Current?.Id ?? HttpContext.TraceIdentifier;

    public string Heading => Status switch
    {
        404 when UnknownWorkspace is not null => "No such workspace",
        404 => "Page not found",
        403 => "Not allowed",
        400 => "Bad request",
        413 => "Too large",
        429 => "Too many requests",
        503 => "Try again in a moment",
        >= 500 => "Something went wrong",
        _ => "Error",
    };

    public void OnGet(int? code) => Prepare(code);

    public void OnPost(int? code) => Prepare(code);

    private void Prepare(int? code)
    {
        Status = HttpContext.OriginalStatus(code);
        Response.StatusCode = Status;
        UnknownWorkspace = HttpContext.Items[TenancyMiddleware.UnknownWorkspaceItem] as string;
        StorageProblem = HttpContext.Items[Platform.Data.StorageFailureMiddleware.ReasonItem] as string;
        if (Status == 503) Response.Headers.RetryAfter = Platform.Data.StorageFailureMiddleware.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
