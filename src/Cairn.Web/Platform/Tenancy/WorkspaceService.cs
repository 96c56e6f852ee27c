namespace Cairn.Web.Platform.Tenancy;

/// <summary>Creates workspaces and memberships; shared by the pages and the management commands.</summary>
public sealed class WorkspaceService(CairnDbContext db, TenantStore store)
{
    public sealed record Result(Tenant? Tenant, string? Field, string? Error)
    {
        public bool Succeeded => Tenant is not null;
    }

    public async Task<Result> CreateAsync(string slug, string name, Guid? ownerId, bool openJoining = false, CancellationToken cancellationToken = default)
    {
        slug = slug.Trim();
        name = name.Trim();
        if (WorkspaceSlug.Validate(slug) is { } slugError) return new(null, "Slug", slugError);
        if (name.Length == 0) return new(null, "Name", "Enter a name for the workspace.");
        if (name.Length > 100) return new(null, "Name", "The name must be at most 100 characters long.");
        if (await db.Tenants.AnyAsync(t => t.Slug == slug, cancellationToken))
            return new(null, "Slug", $"The address '{slug}' is taken.");
        if (ownerId is { } id && !await db.Users.AnyAsync(u => u.Id == id, cancellationToken))
            return new(null, "Owner", "No such user.");

        // New workspaces are invitation-only (docs/decisions/0004-join-policy.md).
        var tenant = new Tenant { Slug = slug, Name = name, OpenJoining = openJoining };
        db.Tenants.Add(tenant);
        if (ownerId is { } owner)
        {
            // The membership belongs to the new workspace, not to the one this request runs in.
            tenant.Memberships.Add(new Membership { UserId = owner, Role = WorkspaceRole.Owner });
        }

        try
        {
            using (db.AcrossWorkspaces())
            {
                await db.SaveChangesAsync(cancellationToken);
            }
        }
        catch (DbUpdateException)
        {
            // Someone took the slug between the check and the insert: the unique index had the last word.
            db.ChangeTracker.Clear();
            if (!await db.Tenants.AnyAsync(t => t.Slug == slug, cancellationToken)) throw;
            return new(null, "Slug", $"The address '{slug}' is taken.");
        }

        store.Forget(slug);
        return new(tenant, null, null);
    }

    /// <summary>Adds <paramref name="userId"/> to <paramref name="tenantId"/> with <paramref name="role"/>, unless already a member.</summary>
    public async Task AddMemberAsync(int tenantId, Guid userId, WorkspaceRole role, CancellationToken cancellationToken = default)
    {
        using var across = db.AcrossWorkspaces(); // the workspace may be another than this unit of work's
        if (await db.InEveryWorkspace<Membership>().AnyAsync(m => m.TenantId == tenantId && m.UserId == userId, cancellationToken)) return;
        db.Memberships.Add(new Membership { TenantId = tenantId, UserId = userId, Role = role });
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>The workspaces a user belongs to, across all workspaces.</summary>
    public async Task<List<UserWorkspace>> ForUserAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        using var across = db.AcrossWorkspaces();
        return await db.InEveryWorkspace<Membership>()
            .Where(m => m.UserId == userId)
            .OrderBy(m => m.Tenant!.Name)
            .Select(m => new UserWorkspace(m.Tenant!.Slug, m.Tenant.Name, m.Role))
            .ToListAsync(cancellationToken);
    }

    /// <summary>Every workspace with its member count: platform-level, so it looks across workspaces.</summary>
    public async Task<List<WorkspaceSummary>> ListAsync(CancellationToken cancellationToken = default)
    {
        using var across = db.AcrossWorkspaces();
        return await db.InEveryWorkspace(db.Tenants)
            .OrderBy(t => t.Slug)
            .Select(t => new WorkspaceSummary(t.Slug, t.Name, t.Memberships.Count, t.CreatedAt))
            .ToListAsync(cancellationToken);
    }
}

public sealed record WorkspaceSummary(string Slug, string Name, int MemberCount, DateTime CreatedAt);

public sealed record UserWorkspace(string Slug, string Name, WorkspaceRole Role);
