using System.Security.Claims;

namespace Cairn.Web.Platform.Accounts;

/// <summary>The IANA time zones a user can pick, and lookups that never throw.</summary>
public static class TimeZones
{
    public const string Default = "UTC";

    private static readonly Lazy<IReadOnlyList<string>> AllIds = new(() =>
        TimeZoneInfo.GetSystemTimeZones()
            .Select(zone => zone.Id)
            .Where(id => id.Contains('/', StringComparison.Ordinal) && !id.StartsWith("Etc/", StringComparison.Ordinal))
            .Append(Default)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList());

    /// <summary>Every zone offered in the profile, by IANA id (<c>Africa/Abidjan</c> … <c>UTC</c>).</summary>
    public static IReadOnlyList<string> All => AllIds.Value;

    public static bool IsKnown(string? id) => id is not null && All.Contains(id, StringComparer.Ordinal);

    /// <summary>The zone with <paramref name="id"/>, or UTC when it is unknown on this machine.</summary>
    public static TimeZoneInfo Find(string? id)
    {
        if (string.IsNullOrEmpty(id) || id == Default) return TimeZoneInfo.Utc;
        return TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : TimeZoneInfo.Utc;
    }

    /// <summary>The signed-in user's zone, from the sign-in cookie's claim.</summary>
    public static TimeZoneInfo Of(ClaimsPrincipal user) => Find(user.FindFirstValue(CairnClaims.TimeZone));
}

/// <summary>
/// Time as one user sees it: UTC in the database, the user's own zone on the page. Scoped to a request;
/// <see cref="TimeProvider"/> gives "now", so tests can fix the clock.
/// </summary>
public sealed class UserClock(TimeProvider time, IHttpContextAccessor accessor)
{
    private TimeZoneInfo? _zone;

    public TimeZoneInfo Zone => _zone ??= accessor.HttpContext is { } http ? TimeZones.Of(http.User) : TimeZoneInfo.Utc;

    public DateTime UtcNow => time.GetUtcNow().UtcDateTime;

    public DateTime LocalNow => ToLocal(UtcNow);

    public DateTime ToLocal(DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Zone);

    /// <summary>
    /// A wall-clock time in the user's zone as UTC. A time skipped by a daylight-saving change (02:30 on the night
    /// clocks go forward) is read as the moment after the gap; a repeated one as its first occurrence.
    /// </summary>
    public DateTime ToUtc(DateTime local)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        while (Zone.IsInvalidTime(local)) local = local.AddMinutes(30);
        if (Zone.IsAmbiguousTime(local))
            return DateTime.SpecifyKind(local - Zone.GetAmbiguousTimeOffsets(local).Max(), DateTimeKind.Utc);
        return TimeZoneInfo.ConvertTimeToUtc(local, Zone);
    }

    /// <summary>Midnight starting the user's current day, in UTC.</summary>
    public DateTime StartOfTodayUtc => ToUtc(LocalNow.Date);
}
