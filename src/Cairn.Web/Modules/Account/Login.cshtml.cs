using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Cairn.Web.Modules.Account;

public sealed class LoginModel(
    PasswordSignIn passwords, SignInManager<CairnUser> signIn) : PageModel
{
    public const string WrongCredentials = "Wrong email or password.";

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Enter your email address.")]
        [EmailAddress(ErrorMessage = "Enter a valid email address.")]
        [Display(Name = "Email")]
        public string Email { get; set; } = "";

        [Required(ErrorMessage = "Enter your password.")]
        [DataType(DataType.Password)]
        [Display(Name = "Password")]
        public string Password { get; set; } = "";

        [Display(Name = "Keep me signed in")]
        public bool RememberMe { get; set; }
    }

    [BindProperty]
    public InputModel Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid) return Page();

        // The one password check (the APIs use it too): lockout, rehash, the same work for unknown emails.
        var result = await passwords.CheckAsync(Input.Email, Input.Password, HttpContext.RequestAborted);
        if (result is { Succeeded: true, User: { } user })
        {
            await signIn.SignInAsync(user, Input.RememberMe);
            TempData.Success($"Welcome back, {user.DisplayName}.");
            return LocalRedirect(this.SafeReturnUrl(ReturnUrl));
        }

        if (result.Outcome == PasswordSignIn.Outcome.LockedOut)
        {
            ModelState.AddModelError("", result.WaitMessage);
            return Page();
        }

        ModelState.AddModelError("", WrongCredentials);
        return Page();
    }
}
