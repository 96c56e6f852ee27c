using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Cairn.Web.Modules.Account;

/// <summary>Logging out changes state, so it takes a POST; a GET only offers the button.</summary>
public sealed class LogoutModel(SignInManager<CairnUser> signIn, CairnDbContext db, TimeProvider clock) : PageModel
{
    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        // Ended on the server too: a copy of this cookie signs no one in from now on.
        await CookieSessions.EndAsync(db, User, AccountsExtensions.CookieLifetime, clock.GetUtcNow().UtcDateTime, cancellationToken);
        await signIn.SignOutAsync();
        TempData.Info("You have been logged out.");
        return RedirectToPage("/Home/Index");
    }
}
