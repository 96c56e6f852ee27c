using Cairn.Web.Platform.Admin;
using Microsoft.AspNetCore.Mvc;

namespace Cairn.Web.Modules.Admin;

/// <summary>
/// <c>/admin/jobs/{id}/</c>: a bulk action running in the background, with its progress (rows read of the
/// total, rows changed); the page follows it with script on, and with a reload without.
/// </summary>
public sealed class JobModel(CurrentMembership membership, AdminSite site, ITenantContext tenant, CairnDbContext db)
    : AdminPageModel(membership, site, tenant, db)
{
    public AdminBulkJob Job { get; private set; } = null!;

    /// <summary>The change list it ran over, while its module is on.</summary>
    public string? ListPath { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken cancellationToken)
    {
        if (await Db.Set<AdminBulkJob>().AsNoTracking().FirstOrDefaultAsync(j => j.Id == id, cancellationToken) is not { } job) return NotFound();
        Job = job;
        ListPath = Site.Find(job.Module, job.Entity, Workspace)?.Path;
        return Page();
    }

    public async Task<IActionResult> OnGetProgressAsync(int id, CancellationToken cancellationToken)
    {
        var job = await Db.Set<AdminBulkJob>().AsNoTracking().Where(j => j.Id == id)
            .Select(j => new { j.State, j.Total, j.Read, j.Affected }).FirstOrDefaultAsync(cancellationToken);
        return job is null ? NotFound() : new JsonResult(new { state = job.State.ToString().ToLowerInvariant(), job.Total, job.Read, job.Affected });
    }
}
