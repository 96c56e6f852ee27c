namespace Cairn.Web.Platform.Tenancy;

/// <summary>
/// Units of work that are not HTTP requests get their workspace here: a background job, a hub call, a
/// management command run with <c>--workspace</c>. And work that spans workspaces (the task-reminder sweep) runs
/// once per workspace through <see cref="ForEachWorkspaceAsync"/>, each time in its own scope with that workspace
/// set, which is the only way a module's work crosses workspaces.
/// </summary>
public sealed class WorkspaceScopes(IServiceScopeFactory scopes, ModuleCatalog modules, ILogger<WorkspaceScopes> logger)
{
    /// <summary>A new DI scope whose unit of work belongs to <paramref name="workspace"/>.</summary>
    public AsyncServiceScope Open(TenantInfo workspace)
    {
        var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Set(workspace);
        return scope;
    }

    /// <summary>
    /// Runs <paramref name="work"/> once per workspace, oldest first, each in its own scope with that workspace set.
    /// A workspace whose work throws is logged and skipped, so that one cannot hold up the others.
    /// </summary>
    /// <param name="module">When given, only the workspaces where that module is on (a module's sweep skips the others).</param>
    public async Task ForEachWorkspaceAsync(Func<IServiceProvider, CancellationToken, Task> work, CancellationToken cancellationToken, string? module = null)
    {
        List<TenantInfo> workspaces;
        await using (var listing = scopes.CreateAsyncScope())
        {
            workspaces = await listing.ServiceProvider.GetRequiredService<CairnDbContext>().Tenants.AsNoTracking()
                .OrderBy(t => t.Id).Select(t => new TenantInfo(t.Id, t.Slug, t.Name)).ToListAsync(cancellationToken);
        }

        foreach (var workspace in workspaces.Where(w => module is null || modules.IsOn(module, w.Slug)))
        {
            cancellationToken.ThrowIfCancellationRequested();
            await using var scope = Open(workspace);
            try
            {
                await work(scope.ServiceProvider, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Work for workspace {Workspace} failed; going on with the next", workspace.Slug);
            }
        }
    }
}
