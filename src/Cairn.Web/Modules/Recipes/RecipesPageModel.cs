using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Cairn.Web.Modules.Recipes;

/// <summary>Base of the recipe pages: what the reader may do here, loaded before the handler runs.</summary>
public abstract class RecipesPageModel(RecipeAccess access) : PageModel
{
    protected RecipeAccess Access => access;

    public bool IsMember { get; private set; }
    public bool CanWrite { get; private set; }

    /// <summary>Pages that change or create recipes: only for those who may write.</summary>
    protected virtual bool WritersOnly => false;

    public override async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var cancellationToken = HttpContext.RequestAborted;
        IsMember = await access.IsMemberAsync(cancellationToken);
        CanWrite = await access.CanWriteAsync(cancellationToken);
        if (WritersOnly && !CanWrite)
        {
            context.Result = Denied();
            return;
        }

        await next();
    }

    /// <summary>Not allowed: a real 403 for the signed in, the login page for others.</summary>
    protected IActionResult Denied() =>
        User.Identity?.IsAuthenticated == true ? StatusCode(StatusCodes.Status403Forbidden) : Challenge();

    protected void Flash(string message) => TempData.Success(message);
}
