using Microsoft.AspNetCore.Identity;

namespace Cairn.Web.Platform.Accounts;

/// <summary>
/// Cairn's user (Django's custom user model). <see cref="IdentityUser{TKey}.UserName"/> is the public handle,
/// unique across the platform; <see cref="DisplayName"/> is what people see.
/// </summary>
public sealed class CairnUser : IdentityUser<Guid>
{
    public CairnUser() => Id = Guid.CreateVersion7();

    public string DisplayName { get; set; } = "";
    public string Bio { get; set; } = "";

    /// <summary>File name of the avatar under the media folder's <c>avatars/</c>, or null.</summary>
    public string? AvatarFile { get; set; }

    /// <summary>Platform administrator (Django's is_superuser): runs the whole site, not one workspace.</summary>
    public bool IsPlatformAdmin { get; set; }

    /// <summary>IANA time zone (e.g. <c>Europe/Oslo</c>) in which due dates and times are entered and shown.</summary>
    public string TimeZone { get; set; } = TimeZones.Default;

    public DateTime CreatedAt { get; set; } = DateTime.UtcNow;

    public string? AvatarUrl => AvatarFile is null ? null : $"/media/avatars/{AvatarFile}";
}
