using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Cairn.Web.Modules.Workspaces;

public sealed class IndexModel(WorkspaceService workspaces, WorkspaceLinks links) : PageModel
{
    public IReadOnlyList<(UserWorkspace Workspace, string Url)> Mine { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var mine = await workspaces.ForUserAsync(User.UserId()!.Value, cancellationToken);
        Mine = mine.Select(w => (w, links.HomeOf(w.Slug))).ToList();
    }
}
