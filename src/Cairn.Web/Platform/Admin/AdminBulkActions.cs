using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.OutputCaching;

namespace Cairn.Web.Platform.Admin;

public enum AdminJobState
{
    Queued = 0,
    Running = 1,
    Done = 2,
    Failed = 3,
}

/// <summary>
/// A bulk action too large to run within a request: what it works on (the selection, stored as sent), how far
/// it got (rows read and changed, the last key, so that a retried job goes on where it stopped), and its state,
/// which the progress page shows. Owned by the workspace.
/// </summary>
public sealed class AdminBulkJob : ITenantOwned
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public int Id { get; set; }
    public int TenantId { get; set; }
    public required string Module { get; set; }
    public required string Entity { get; set; }
    public required string Action { get; set; }
    public required string ActionLabel { get; set; }

    /// <summary>The <see cref="AdminSelection"/> as JSON.</summary>
    public required string Selection { get; set; }

    public int Total { get; set; }
    public int Read { get; set; }
    public int Affected { get; set; }
    public string? LastKey { get; set; }
    public AdminJobState State { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? FinishedAt { get; set; }

    /// <summary>
    /// Until when the run that claimed the job holds it (renewed after every batch). The outbox delivers at least
    /// once, so a second delivery while a run holds the job waits its turn instead of running alongside.
    /// </summary>
    public DateTime? LeaseUntil { get; set; }
    public Guid? UserId { get; set; }
    public required string UserName { get; set; }
    public string? Error { get; set; }

    public AdminSelection ReadSelection() => JsonSerializer.Deserialize<AdminSelection>(Selection, Json)!;

    public static string WriteSelection(AdminSelection selection) => JsonSerializer.Serialize(selection, Json);
}

internal static class AdminBulkJobModel
{
    public static void Configure(ModelBuilder builder) => builder.Entity<AdminBulkJob>(job =>
    {
        job.ToTable("admin_bulk_jobs");
        job.Property(j => j.Module).HasMaxLength(50);
        job.Property(j => j.Entity).HasMaxLength(50);
        job.Property(j => j.Action).HasMaxLength(50);
        job.Property(j => j.ActionLabel).HasMaxLength(100);
        job.Property(j => j.UserName).HasMaxLength(200);
        job.Property(j => j.Error).HasMaxLength(2000);
        job.Property(j => j.LastKey).HasMaxLength(64);
        job.Property(j => j.State).HasConversion<string>().HasMaxLength(16);
        job.HasOne<CairnUser>().WithMany().HasForeignKey(j => j.UserId).OnDelete(DeleteBehavior.SetNull);
        job.HasOne<Tenant>().WithMany().HasForeignKey(j => j.TenantId).OnDelete(DeleteBehavior.Cascade);
    });
}

/// <summary>The background work of one <see cref="AdminBulkJob"/>.</summary>
public sealed record RunAdminBulkJob(int JobId) : IJobPayload;

/// <summary>
/// Runs bulk actions: over a few hundred rows at most within the request, beyond that as a background job whose
/// progress the page shows. Either way in keyset batches of <see cref="BatchSize"/>, one set-based statement
/// each, then one history entry for the whole action and the module's cached answers evicted.
/// </summary>
public sealed class AdminBulkActions(CairnDbContext db, IServiceProvider services, TimeProvider time, ITenantContext tenant, IOutputCacheStore cache, AdminSite site)
    : IJobHandler<RunAdminBulkJob>
{
    /// <summary>Selections up to this many rows run within the request; larger ones as a background job.</summary>
    public const int InlineLimit = 500;

    public const int BatchSize = 1000;

    /// <summary>How long a run holds its job without finishing a batch before another delivery may take it over.</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);

    private DateTime Now => time.GetUtcNow().UtcDateTime;

    /// <summary>Runs the action over the whole selection now; returns how many rows it changed.</summary>
    public async Task<int> RunNowAsync(AdminRegistration entity, AdminSelection selection, AdminActionInfo action, Guid userId, string userName, int total, CancellationToken cancellationToken)
    {
        var bulk = new AdminBulk(services, userId, Now);
        string? after = null;
        var affected = 0;
        while (true)
        {
            var batch = await entity.RunBatchAsync(db, selection, action.Name, after, BatchSize, bulk, cancellationToken);
            affected += batch.Affected;
            if (batch.Read < BatchSize) break;
            after = batch.LastKey;
        }

        await FinishAsync(entity, selection, action.Label, affected, total, userId, userName, cancellationToken);
        return affected;
    }

    /// <summary>Queues the action as a background job (in the same transaction as its record); returns the job's id.</summary>
    public async Task<int> QueueAsync(AdminRegistration entity, AdminSelection selection, AdminActionInfo action, Guid userId, string userName, int total, CancellationToken cancellationToken)
    {
        var job = new AdminBulkJob
        {
            Module = entity.Module, Entity = entity.UrlName, Action = action.Name, ActionLabel = action.Label,
            Selection = AdminBulkJob.WriteSelection(selection), Total = total, State = AdminJobState.Queued,
            CreatedAt = Now, UserId = userId, UserName = userName,
        };
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.Add(job);
        await db.SaveChangesAsync(cancellationToken);
        db.Enqueue(new RunAdminBulkJob(job.Id));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return job.Id;
    }

    public async Task RunAsync(RunAdminBulkJob payload, CancellationToken cancellationToken)
    {
        // Claim the job: one run at a time, and a run that died is taken over once its lease ran out.
        var now = Now;
        var claimed = await db.Set<AdminBulkJob>()
            .Where(j => j.Id == payload.JobId && (j.State == AdminJobState.Queued || j.State == AdminJobState.Running) && (j.LeaseUntil == null || j.LeaseUntil < now))
            .ExecuteUpdateAsync(set => set.SetProperty(j => j.State, AdminJobState.Running).SetProperty(j => j.LeaseUntil, now + Lease), cancellationToken);
        var job = await db.Set<AdminBulkJob>().FirstOrDefaultAsync(j => j.Id == payload.JobId, cancellationToken);
        if (job is null || job.State is AdminJobState.Done or AdminJobState.Failed) return;
        if (claimed == 0) throw new AdminJobBusyException(job.Id);
        var entity = site.Prepare(db.Model).Find(job.Module, job.Entity, tenant.Current?.Slug);
        var action = entity?.Actions.FirstOrDefault(a => a.Name == job.Action);
        if (entity is null || action is null)
        {
            // The module was turned off, or the action is gone: nothing can run.
            (job.State, job.FinishedAt, job.Error) = (AdminJobState.Failed, Now, "The action is no longer available in this workspace.");
            await db.SaveChangesAsync(CancellationToken.None);
            return;
        }

        var selection = job.ReadSelection();
        var bulk = new AdminBulk(services, job.UserId ?? Guid.Empty, Now);
        try
        {
            while (true)
            {
                var batch = await entity.RunBatchAsync(db, selection, action.Name, job.LastKey, BatchSize, bulk, cancellationToken);
                job.Read += batch.Read;
                job.Affected += batch.Affected;
                job.LastKey = batch.LastKey;
                job.LeaseUntil = Now + Lease;
                await db.SaveChangesAsync(CancellationToken.None);
                if (batch.Read < BatchSize) break;
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Retried by the job runner from the last key reached.
            var error = e.GetBaseException().Message;
            job.Error = error.Length > 2000 ? error[..2000] : error;
            await db.SaveChangesAsync(CancellationToken.None);
            throw;
        }

        // Done and its history entry in one save: the page never shows a finished job without its entry.
        (job.State, job.FinishedAt, job.Error, job.LeaseUntil) = (AdminJobState.Done, Now, null, null);
        await FinishAsync(entity, selection, action.Label, job.Affected, job.Total, job.UserId, job.UserName, CancellationToken.None);
    }

    // One history entry for the whole action, and the module's cached answers evicted (the statements bypass
    // the change tracker that evicts them after an ordinary save).
    private async Task FinishAsync(AdminRegistration entity, AdminSelection selection, string label, int affected, int total, Guid? userId, string userName, CancellationToken cancellationToken)
    {
        var what = selection.Keys is { } keys
            ? $"{keys.Count.ToString("N0", CultureInfo.InvariantCulture)} chosen"
            : $"all {total.ToString("N0", CultureInfo.InvariantCulture)} matching" + Describe(selection);
        var summary = $"{label}: {affected.ToString("N0", CultureInfo.InvariantCulture)} {(affected == 1 ? entity.Label : entity.PluralLabel)} ({what})";
        db.Add(AdminLogRecord.For(entity, Now, userId, userName, AdminLogAction.Bulk, key: null, summary));
        await db.SaveChangesAsync(cancellationToken);
        if (tenant.Current?.Slug is { } workspace) await cache.EvictModuleAsync(entity.Module, workspace, cancellationToken);
    }

    private static string Describe(AdminSelection selection)
    {
        var parts = new List<string>();
        if (!string.IsNullOrWhiteSpace(selection.Search)) parts.Add($"“{selection.Search}”");
        if (selection.Filters is { Count: > 0 } filters) parts.AddRange(filters.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => $"{f.Key}={f.Value}"));
        return parts.Count == 0 ? "" : " " + string.Join(", ", parts);
    }
}

/// <summary>Another run holds the job; the outbox runs this delivery again later, when it will have ended.</summary>
public sealed class AdminJobBusyException(int jobId) : InvalidOperationException($"Admin bulk job {jobId} is being run by another worker; retrying later.");
