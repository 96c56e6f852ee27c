using Microsoft.AspNetCore.Mvc;

namespace Cairn.Web.Modules.Recipes;

/// <summary>
/// <c>/recipes/people/{username}</c>: a member's recipes (those the reader may see), the favourites they share, and
/// following them; <c>/recipes/following</c>: the newest recipes by the people the reader follows.
/// </summary>
public sealed class PeopleModel(RecipeAccess access, CairnDbContext db) : RecipesPageModel(access)
{
    public const int Shown = 48;

    public CairnUser? Person { get; private set; }
    public IReadOnlyList<RecipeCard> Recipes { get; private set; } = [];
    public IReadOnlyList<RecipeCard> Favourites { get; private set; } = [];
    public int Followers { get; private set; }
    public bool Following { get; private set; }
    public IReadOnlyList<(string UserName, string DisplayName)> Followed { get; private set; } = [];
    public bool IsMe => Person?.Id == Access.UserId;

    public async Task<IActionResult> OnGetAsync(string? username, CancellationToken cancellationToken)
    {
        var visible = await Access.VisibleAsync(cancellationToken);
        var me = Access.UserId;
        if (username is null)
        {
            // The following feed.
            if (!IsMember) return Denied();
            var followed = db.Set<RecipeFollow>().Where(f => f.FollowerId == me).Select(f => f.FolloweeId);
            Recipes = await visible.Where(r => followed.Contains(r.AuthorId)).OrderByDescending(r => r.PublishedAt ?? r.CreatedAt).ThenByDescending(r => r.Id)
                .Take(Shown).Cards().AsNoTracking().ToListAsync(cancellationToken);
            Followed = await db.Set<RecipeFollow>().Where(f => f.FollowerId == me)
                .Join(db.Users, f => f.FolloweeId, u => u.Id, (f, u) => new ValueTuple<string, string>(u.UserName!, u.DisplayName)).ToListAsync(cancellationToken);
            ViewData["Title"] = "Following";
            return Page();
        }

        if (await LoadAsync(username, cancellationToken) is { } answer) return answer;
        Recipes = await visible.Where(r => r.AuthorId == Person!.Id).SortedBy(RecipeSort.Newest).Take(Shown).Cards().AsNoTracking().ToListAsync(cancellationToken);
        if ((await RecipeEmailRules.SettingsAsync(db, Person!.Id, cancellationToken)).ShareFavourites || IsMe)
            Favourites = await visible.FavouritesOf(db, Person.Id, Shown).Cards().ToListAsync(cancellationToken);
        Followers = await db.Set<RecipeFollow>().CountAsync(f => f.FolloweeId == Person.Id, cancellationToken);
        Following = me is not null && await db.Set<RecipeFollow>().AnyAsync(f => f.FolloweeId == Person.Id && f.FollowerId == me, cancellationToken);
        ViewData["Title"] = Person.DisplayName;
        return Page();
    }

    public async Task<IActionResult> OnPostFollowAsync(string username, bool follow, CancellationToken cancellationToken)
    {
        if (!CanWrite) return Denied();
        if (await LoadAsync(username, cancellationToken) is { } answer) return answer;
        var me = Access.UserId!.Value;
        if (Person!.Id == me) return BadRequest();
        if (!follow) await db.Set<RecipeFollow>().Where(f => f.FollowerId == me && f.FolloweeId == Person.Id).ExecuteDeleteAsync(cancellationToken);
        else if (!await db.Set<RecipeFollow>().AnyAsync(f => f.FollowerId == me && f.FolloweeId == Person.Id, cancellationToken))
        {
            var row = new RecipeFollow { FollowerId = me, FolloweeId = Person.Id };
            db.Add(row);
            await db.SaveIdempotentAsync(row, cancellationToken);
        }

        Flash(follow ? $"You follow {Person.DisplayName}: their new recipes come to you as you chose in your recipe settings." : $"You no longer follow {Person.DisplayName}.");
        return Redirect($"/recipes/people/{Person.UserName}");
    }

    // Members of this workspace only: a stranger's name, or a member of another workspace, is 404.
    private async Task<IActionResult?> LoadAsync(string username, CancellationToken cancellationToken)
    {
        var normalized = username.ToUpperInvariant();
        Person = await db.Memberships.Where(m => m.User!.NormalizedUserName == normalized).Select(m => m.User!).AsNoTracking().FirstOrDefaultAsync(cancellationToken);
        return Person is null ? NotFound() : null;
    }
}
