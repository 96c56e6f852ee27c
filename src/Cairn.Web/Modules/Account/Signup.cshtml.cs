using System.ComponentModel.DataAnnotations;
using Cairn.Web.Platform.Accounts;
using Cairn.Web.Platform.Data;
using Cairn.Web.Platform.Jobs;
using Cairn.Web.Platform.Tenancy;
using Cairn.Web.Platform.Web;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Cairn.Web.Modules.Account;

public sealed class SignupModel(
    AccountSignup signup, SignInManager<CairnUser> signIn, ITenantContext tenant) : PageModel
{
    public sealed class InputModel
    {
        [Required(ErrorMessage = "Enter your email address.")]
        [EmailAddress(ErrorMessage = "Enter a valid email address.")]
        [StringLength(254)]
        [Display(Name = "Email")]
        public string Email { get; set; } = "";

        [Required(ErrorMessage = "Choose a username.")]
        [StringLength(UserNames.MaxLength, MinimumLength = 2, ErrorMessage = "The username must be 2 to 40 characters long.")]
        [RegularExpression("^[A-Za-z0-9_-]+$", ErrorMessage = "Use letters, digits, '-' and '_' only.")]
        [Display(Name = "Username")]
        public string UserName { get; set; } = "";

        [Required(ErrorMessage = "Enter the name people will see.")]
        [StringLength(100)]
        [Display(Name = "Display name")]
        public string DisplayName { get; set; } = "";

        [Required(ErrorMessage = "Choose a password.")]
        [DataType(DataType.Password)]
        [Display(Name = "Password")]
        public string Password { get; set; } = "";

        [Required(ErrorMessage = "Type the password again.")]
        [DataType(DataType.Password)]
        [Compare(nameof(Password), ErrorMessage = "The two passwords differ.")]
        [Display(Name = "Confirm password")]
        public string ConfirmPassword { get; set; } = "";
    }

    [BindProperty]
    public InputModel Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string WorkspaceName => tenant.Current!.Name;

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid) return Page();

        var user = new CairnUser
        {
            Email = Input.Email.Trim(),
            UserName = Input.UserName.Trim(),
            DisplayName = Input.DisplayName.Trim(),
        };
        var result = await signup.CreateAsync(user, Input.Password, cancellationToken);
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors) ModelState.AddModelError(FieldOf(error), error.Description);
            return Page();
        }

        await signIn.SignInAsync(user, isPersistent: false);
        TempData.Success($"Welcome to {tenant.Current!.Name}, {user.DisplayName}! Your account is ready.");
        return LocalRedirect(this.SafeReturnUrl(ReturnUrl));
    }

    private static string FieldOf(IdentityError error) => error.Code switch
    {
        var code when code.Contains("Password", StringComparison.Ordinal) => "Input.Password",
        var code when code.Contains("Email", StringComparison.Ordinal) => "Input.Email",
        var code when code.Contains("UserName", StringComparison.Ordinal) => "Input.UserName",
        _ => "",
    };
}
