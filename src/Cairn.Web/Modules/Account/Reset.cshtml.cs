using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Cairn.Web.Modules.Account;

/// <summary>
/// The mailed reset link: a new password (the usual rules), then every other session ends (a new security stamp,
/// refresh tokens revoked) and this browser is signed in, its owner having proved the mailbox.
/// </summary>
public sealed class ResetModel(UserManager<CairnUser> users, SignInManager<CairnUser> signIn, AccountSessions sessions) : PageModel
{
    public const string InvalidLink = "This link is not valid: it was used already, has expired (it works for 24 hours) or was changed. Ask for a new one.";

    [BindProperty(SupportsGet = true, Name = "user")]
    public Guid UserId { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Code { get; set; }

    [BindProperty]
    [Required(ErrorMessage = "Choose a password.")]
    [DataType(DataType.Password)]
    [Display(Name = "New password")]
    public string Password { get; set; } = "";

    [BindProperty]
    [Required(ErrorMessage = "Type the password again.")]
    [DataType(DataType.Password)]
    [Compare(nameof(Password), ErrorMessage = "The two passwords differ.")]
    [Display(Name = "Confirm new password")]
    public string ConfirmPassword { get; set; } = "";

    /// <summary>Why the link cannot be used, or null.</summary>
    public string? Problem { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        if (await FindAsync() is not { } user || !await users.VerifyUserTokenAsync(user, users.Options.Tokens.PasswordResetTokenProvider,
            UserManager<CairnUser>.ResetPasswordTokenPurpose, Code!))
            Problem = InvalidLink;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (await FindAsync() is not { } user)
        {
            Problem = InvalidLink;
            return Page();
        }
        if (!ModelState.IsValid) return Page();

        var result = await users.ResetPasswordAsync(user, Code!, Password);
        if (!result.Succeeded)
        {
            if (result.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.InvalidToken))) Problem = InvalidLink;
            foreach (var error in result.Errors) ModelState.AddModelError(nameof(Password), error.Description);
            return Page();
        }

        // Identity gave the account a new stamp: cookies and access tokens elsewhere fail; refresh tokens go too.
        await sessions.RevokeRefreshTokensAsync(user.Id, cancellationToken);
        if (!user.EmailConfirmed)
        {
            user.EmailConfirmed = true; // the link came through that mailbox
            await users.UpdateAsync(user);
        }
        await signIn.SignInAsync(user, isPersistent: false);
        TempData.Success("Your password is changed, and every other session of your account is signed out.");
        return RedirectToPage("/Home/Index");
    }

    private async Task<CairnUser?> FindAsync() =>
        UserId == Guid.Empty || string.IsNullOrEmpty(Code) || Code.Length > 2000 ? null : await users.FindByIdAsync(UserId.ToString());
}
