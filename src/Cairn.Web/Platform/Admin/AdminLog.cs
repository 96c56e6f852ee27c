using System.Text.Json;

namespace Cairn.Web.Platform.Admin;

public enum AdminLogAction
{
    Added = 0,
    Changed = 1,
    Deleted = 2,
    Reverted = 3,
    Bulk = 4,
}

/// <summary>One field's change: its name, label, and old and new values in their stored (invariant) form.</summary>
public sealed record AdminFieldChange(string Field, string Label, string Old, string New);

/// <summary>
/// One thing done through the admin site (Django's <c>LogEntry</c>, with before and after values): who, when,
/// which object, what changed. Kept when the object or the person is deleted (their name and label are copied
/// in). A workspace's entries are <see cref="AdminLogEntry"/>, owned by the workspace like every row they
/// describe; the platform's (workspaces, users, memberships) are <see cref="PlatformLogEntry"/>.
/// </summary>
public abstract class AdminLogRecord
{
    public long Id { get; set; }
    public DateTime At { get; set; }
    public Guid? UserId { get; set; }
    public required string UserName { get; set; }
    public required string Module { get; set; }
    public required string Entity { get; set; }

    /// <summary>The object's key; null for a bulk action over many.</summary>
    public string? ObjectKey { get; set; }

    /// <summary>The object's label when it was logged ("Stack the stones"), or the bulk action's summary.</summary>
    public required string ObjectLabel { get; set; }

    public AdminLogAction Action { get; set; }

    /// <summary>The changed fields as JSON (<see cref="AdminFieldChange"/>s): every field of an add or delete, the changed ones of a change.</summary>
    public string Changes { get; set; } = "[]";

    /// <summary>For a revert: the entry it undid.</summary>
    public long? RevertOf { get; set; }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public IReadOnlyList<AdminFieldChange> ReadChanges() => JsonSerializer.Deserialize<List<AdminFieldChange>>(Changes, Json) ?? [];

    public static string WriteChanges(IEnumerable<AdminFieldChange> changes) => JsonSerializer.Serialize(changes, Json);

    /// <summary>The log an entity's entries go to: its workspace's, or the platform's.</summary>
    public static IQueryable<AdminLogRecord> Of(CairnDbContext db, AdminRegistration entity) =>
        entity.IsPlatform ? db.Set<PlatformLogEntry>() : db.Set<AdminLogEntry>();

    /// <summary>A new entry for <paramref name="entity"/>'s log; names and labels too long for their columns are cut.</summary>
    public static AdminLogRecord For(AdminRegistration entity, DateTime at, Guid? userId, string userName, AdminLogAction action,
        string? key, string label, IEnumerable<AdminFieldChange>? changes = null, long? revertOf = null)
    {
        AdminLogRecord entry = entity.IsPlatform
            ? new PlatformLogEntry { UserName = "", Module = entity.Module, Entity = entity.UrlName, ObjectLabel = "" }
            : new AdminLogEntry { UserName = "", Module = entity.Module, Entity = entity.UrlName, ObjectLabel = "" };
        (entry.At, entry.UserId, entry.UserName, entry.Action) = (at, userId, Cut(userName, AdminLogModel.MaxUserNameLength), action);
        (entry.ObjectKey, entry.ObjectLabel, entry.RevertOf) = (key, Cut(label, AdminLogModel.MaxLabelLength), revertOf);
        entry.Changes = WriteChanges(changes ?? []);
        return entry;
    }

    private static string Cut(string text, int length) => text.Length <= length ? text : text[..(length - 1)] + "…";
}

/// <summary>An admin action on a workspace's rows, in that workspace's log.</summary>
public sealed class AdminLogEntry : AdminLogRecord, ITenantOwned
{
    public int TenantId { get; set; }
}

/// <summary>An admin action on the platform's own rows (workspaces, users, memberships), by a platform administrator.</summary>
public sealed class PlatformLogEntry : AdminLogRecord;

internal static class AdminLogModel
{
    public const int MaxLabelLength = 200;
    public const int MaxUserNameLength = 200;

    public static void Configure(ModelBuilder builder)
    {
        builder.Entity<AdminLogEntry>(log =>
        {
            log.ToTable("admin_log");
            Columns(log);
            log.HasOne<Tenant>().WithMany().HasForeignKey(e => e.TenantId).OnDelete(DeleteBehavior.Cascade);
            // One object's history, newest first; and the workspace's recent actions.
            log.HasIndex(e => new { e.TenantId, e.Module, e.Entity, e.ObjectKey, e.Id });
            log.HasIndex(e => new { e.TenantId, e.Id });
        });
        builder.Entity<PlatformLogEntry>(log =>
        {
            log.ToTable("admin_platform_log");
            Columns(log);
            log.HasIndex(e => new { e.Module, e.Entity, e.ObjectKey, e.Id });
        });
    }

    private static void Columns<TEntry>(Microsoft.EntityFrameworkCore.Metadata.Builders.EntityTypeBuilder<TEntry> log) where TEntry : AdminLogRecord
    {
        log.Property(e => e.UserName).HasMaxLength(MaxUserNameLength);
        log.Property(e => e.Module).HasMaxLength(50);
        log.Property(e => e.Entity).HasMaxLength(50);
        log.Property(e => e.ObjectKey).HasMaxLength(64);
        log.Property(e => e.ObjectLabel).HasMaxLength(MaxLabelLength);
        log.Property(e => e.Action).HasConversion<string>().HasMaxLength(16);
        log.HasOne<CairnUser>().WithMany().HasForeignKey(e => e.UserId).OnDelete(DeleteBehavior.SetNull);
    }
}
