using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Cairn.Web.Modules.Account;

/// <summary>Edit the custom user fields: display name, bio, time zone and avatar.</summary>
public sealed class ProfileModel(UserManager<CairnUser> users, SignInManager<CairnUser> signIn, AvatarStore avatars, AccountSessions sessions) : PageModel
{
    public sealed class InputModel
    {
        [Required(ErrorMessage = "Enter the name people will see.")]
        [StringLength(100, ErrorMessage = "The display name must be at most 100 characters long.")]
        [Display(Name = "Display name")]
        public string DisplayName { get; set; } = "";

        [StringLength(2000, ErrorMessage = "The bio must be at most 2000 characters long.")]
        [Display(Name = "Bio")]
        public string? Bio { get; set; }

        [Required(ErrorMessage = "Choose your time zone.")]
        [Display(Name = "Time zone")]
        public string TimeZone { get; set; } = TimeZones.Default;

        [Display(Name = "Avatar")]
        public IFormFile? Avatar { get; set; }

        [Display(Name = "Remove the current avatar")]
        public bool RemoveAvatar { get; set; }
    }

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public CairnUser Account { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync()
    {
        if (await users.GetUserAsync(User) is not { } user) return Challenge();
        Account = user;
        Input = new InputModel { DisplayName = user.DisplayName, Bio = user.Bio, TimeZone = user.TimeZone };
        return Page();
    }

    public async Task<IActionResult> OnPostSignOutEverywhereAsync(CancellationToken cancellationToken)
    {
        if (await users.GetUserAsync(User) is not { } user) return Challenge();
        await sessions.SignOutEverywhereAsync(user, cancellationToken);
        await signIn.SignOutAsync();
        TempData.Success("You are signed out everywhere. Sign in again here when you like.");
        return RedirectToPage("/Account/Login");
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (await users.GetUserAsync(User) is not { } user) return Challenge();
        Account = user;
        if (!TimeZones.IsKnown(Input.TimeZone)) ModelState.AddModelError("Input.TimeZone", "Choose one of the listed time zones.");
        if (!ModelState.IsValid) return Page();

        string? newAvatar = null;
        if (Input.Avatar is { Length: > 0 } upload)
        {
            var (file, error) = await avatars.SaveAsync(user.Id, upload, cancellationToken);
            if (error is not null)
            {
                ModelState.AddModelError("Input.Avatar", error);
                return Page();
            }

            newAvatar = file;
        }

        var oldAvatar = user.AvatarFile;
        user.DisplayName = Input.DisplayName.Trim();
        user.Bio = Input.Bio?.Trim() ?? "";
        user.TimeZone = Input.TimeZone;
        if (newAvatar is not null) user.AvatarFile = newAvatar;
        else if (Input.RemoveAvatar) user.AvatarFile = null;

        var result = await users.UpdateAsync(user);
        if (!result.Succeeded)
        {
            avatars.Delete(newAvatar);
            foreach (var error in result.Errors) ModelState.AddModelError("", error.Description);
            return Page();
        }

        if (oldAvatar != user.AvatarFile) avatars.Delete(oldAvatar);
        await signIn.RefreshSignInAsync(user);
        TempData.Success("Your profile is saved.");
        return RedirectToPage();
    }
}
