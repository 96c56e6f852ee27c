namespace Cairn.Web.Platform.Data;

/// <summary>Every time is stored in UTC; SQLite gives times back without a kind, so readers mark them UTC again.</summary>
public static class StoredTimes
{
    /// <summary>A time read from the database, marked UTC (so that JSON writes it with <c>Z</c>).</summary>
    public static DateTime AsUtc(this DateTime stored) => DateTime.SpecifyKind(stored, DateTimeKind.Utc);

    public static DateTime? AsUtc(this DateTime? stored) => stored is { } value ? value.AsUtc() : null;

    /// <summary>A time about to be stored: a local time converted, an unspecified one taken as UTC.</summary>
    public static DateTime ToStoredUtc(DateTime time) =>
        time.Kind == DateTimeKind.Local ? time.ToUniversalTime() : DateTime.SpecifyKind(time, DateTimeKind.Utc);
}
