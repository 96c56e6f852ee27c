using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Cairn.Web.Modules.Workspaces;

/// <summary>Creating and listing workspaces, and the members of the current one.</summary>
public static class WorkspacePages
{
    public static IHostApplicationBuilder AddWorkspacePages(this IHostApplicationBuilder builder)
    {
        builder.AddCairnModule("workspaces", module => module.Navigation("Members", "/members", order: 90, NavigationAudience.Members));
        builder.Services.Configure<RazorPagesOptions>(options =>
        {
            options.Conventions.AuthorizeFolder("/Workspaces");
            options.Conventions.AuthorizePage("/Workspaces/Members", Policies.WorkspaceViewer);
        });
        builder.Services.AddJob<SendInvitationEmail, InvitationEmailJob>();
        return builder;
    }
}
