using System.ComponentModel.DataAnnotations;
using Cairn.Web.Platform.Accounts;
using Cairn.Web.Platform.Web;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace Cairn.Web.Modules.Account;

public sealed class LoginModel(
    UserManager<CairnUser> users, SignInManager<CairnUser> signIn, IOptions<AccountOptions> accounts, ILogger<LoginModel> logger) : PageModel
{
    public const string WrongCredentials = "Wrong email or password.";

    private static string? s_dummyHash;

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

        var user = await users.FindByEmailAsync(Input.Email.Trim());
        if (user is null)
        {
            // Spend the same time as a real check, so response times do not tell which emails have accounts.
            s_dummyHash ??= users.PasswordHasher.HashPassword(new CairnUser(), "not anybody's password");
            users.PasswordHasher.VerifyHashedPassword(new CairnUser(), s_dummyHash, Input.Password);
            ModelState.AddModelError("", WrongCredentials);
            return Page();
        }

        var result = await signIn.PasswordSignInAsync(user, Input.Password, Input.RememberMe, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            logger.LogInformation("User {UserId} signed in", user.Id);
            TempData.Success($"Welcome back, {user.DisplayName}.");
            return LocalRedirect(this.SafeReturnUrl(ReturnUrl));
        }

        if (result.IsLockedOut)
        {
            logger.LogWarning("Sign-in refused: user {UserId} is locked out", user.Id);
            var minutes = Math.Max(1, (int)Math.Ceiling(accounts.Value.LockoutDuration.TotalMinutes));
            ModelState.AddModelError("", $"This account is locked after too many failed sign-ins. Try again in {minutes} minutes.");
            return Page();
        }

        logger.LogInformation("Sign-in failed for user {UserId}", user.Id);
        ModelState.AddModelError("", WrongCredentials);
        return Page();
    }
}
