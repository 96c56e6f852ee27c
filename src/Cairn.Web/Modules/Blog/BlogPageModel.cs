using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Cairn.Web.Modules.Blog;

/// <summary>
/// Base of the blog's pages: refuses readers of a members-only blog, and answers "not allowed" with a real
/// 403 on the page's own URL (anonymous visitors are sent to log in instead).
/// </summary>
public abstract class BlogPageModel(BlogAccess access) : PageModel
{
    protected BlogAccess Access => access;

    public bool CanWrite { get; private set; }
    public bool IsAdmin { get; private set; }

    public override async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var cancellationToken = HttpContext.RequestAborted;
        if (!await access.CanReadAsync(cancellationToken))
        {
            context.Result = Denied();
            return;
        }

        CanWrite = await access.CanWriteAsync(cancellationToken);
        IsAdmin = await access.IsAdminAsync(cancellationToken);
        await next();
    }

    protected IActionResult Denied() =>
        User.Identity?.IsAuthenticated == true ? StatusCode(StatusCodes.Status403Forbidden) : Challenge();
}
