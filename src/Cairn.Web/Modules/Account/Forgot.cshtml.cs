using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Cairn.Web.Modules.Account;

/// <summary>"Forgot your password?": mails a reset link, and answers "check your inbox" whether or not the address has an account.</summary>
public sealed class ForgotModel(CairnDbContext db) : PageModel
{
    [BindProperty]
    [Required(ErrorMessage = "Enter your email address.")]
    [EmailAddress(ErrorMessage = "Enter a valid email address.")]
    [StringLength(254)]
    [Display(Name = "Email")]
    public string Email { get; set; } = "";

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid) return Page();
        // The job finds the account (or finds none) later: this request does the same work for every address.
        db.Enqueue(new SendPasswordReset(Email.Trim()));
        await db.SaveChangesAsync(cancellationToken);
        return RedirectToPage("/Account/CheckEmail");
    }
}
