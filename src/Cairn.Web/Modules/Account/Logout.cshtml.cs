using Cairn.Web.Platform.Accounts;
using Cairn.Web.Platform.Web;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Cairn.Web.Modules.Account;

/// <summary>Logging out changes state, so it takes a POST; a GET only offers the button.</summary>
public sealed class LogoutModel(SignInManager<CairnUser> signIn) : PageModel
{
    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        await signIn.SignOutAsync();
        TempData.Info("You have been logged out.");
        return LocalRedirect("/");
    }
}
