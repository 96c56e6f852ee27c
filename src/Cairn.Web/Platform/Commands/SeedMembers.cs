using Microsoft.AspNetCore.Identity;

namespace Cairn.Web.Platform.Commands;

/// <summary>The members the modules' <c>seed</c> commands make: <c>seed1@{workspace}.example.test</c> (an Admin) to <c>seed{n}@…</c>.</summary>
public static class SeedMembers
{
    /// <summary>Finds or creates the <paramref name="count"/> seed accounts and makes them members of <paramref name="tenant"/>; their ids, or why not.</summary>
    public static async Task<(List<Guid> Members, string? Problem)> EnsureAsync(IServiceProvider services, TenantInfo tenant, int count, string password)
    {
        var users = services.GetRequiredService<UserManager<CairnUser>>();
        var workspaces = services.GetRequiredService<WorkspaceService>();
        var members = new List<Guid>();
        for (var i = 1; i <= count; i++)
        {
            var email = $"seed{i}@{tenant.Slug}.example.test";
            var user = await users.FindByEmailAsync(email);
            if (user is null)
            {
                user = new CairnUser { Email = email, UserName = $"seed{i}-{tenant.Slug}", DisplayName = $"Seed {i}", EmailConfirmed = true };
                var created = await users.CreateAsync(user, password);
                if (!created.Succeeded) return ([], string.Join(" ", created.Errors.Select(e => e.Description)));
            }

            await workspaces.AddMemberAsync(tenant.Id, user.Id, i == 1 ? WorkspaceRole.Admin : WorkspaceRole.Member);
            members.Add(user.Id);
        }

        return (members, null);
    }
}
