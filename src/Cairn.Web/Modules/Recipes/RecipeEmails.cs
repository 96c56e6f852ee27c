using Cairn.Web.Platform.Email;

namespace Cairn.Web.Modules.Recipes;

/// <summary>A recipe was shared: its author's followers are to hear of it (asked for in the sharing's own transaction).</summary>
/// <remarks>Named by address and author: a new recipe has no id yet when the outbox message is written.</remarks>
public sealed record NotifyFollowers(string Slug, Guid AuthorId) : IJobPayload;

/// <summary>One follower's email about one new recipe.</summary>
public sealed record SendNewRecipeEmail(int RecipeId, Guid FollowerId) : IJobPayload;

/// <summary>Tell a recipe's author about a comment or a rating by someone else.</summary>
public sealed record SendRecipeActivityEmail(int RecipeId, Guid ActorId, int? Stars, string? Excerpt) : IJobPayload;

/// <summary>Every recipe's first sharing asks for <see cref="NotifyFollowers"/>.</summary>
public sealed class RecipePublishedRule : IOutboxRule<RecipePublished>
{
    public IEnumerable<IJobPayload> JobsFor(RecipePublished domainEvent)
    {
        yield return new NotifyFollowers(domainEvent.Recipe.Slug, domainEvent.Recipe.AuthorId);
    }
}

/// <summary>What the recipe emails share: who may still read a recipe, and members' settings.</summary>
public static class RecipeEmailRules
{
    /// <summary>Whether <paramref name="userId"/>, as a member of the current workspace, may read a recipe of this visibility and author.</summary>
    public static async Task<bool> MemberMayReadAsync(CairnDbContext db, Guid userId, RecipeVisibility visibility, Guid authorId, CancellationToken cancellationToken) =>
        (visibility != RecipeVisibility.Private || userId == authorId) && await db.Memberships.AnyAsync(m => m.UserId == userId, cancellationToken);

    public static async Task<RecipeMemberSettings> SettingsAsync(CairnDbContext db, Guid userId, CancellationToken cancellationToken) =>
        await db.Set<RecipeMemberSettings>().AsNoTracking().FirstOrDefaultAsync(s => s.UserId == userId, cancellationToken) ?? new RecipeMemberSettings { UserId = userId };
}

/// <summary>Fans a shared recipe out: one <see cref="SendNewRecipeEmail"/> per follower who wants them at once and may read it.</summary>
public sealed class NotifyFollowersJob(CairnDbContext db) : IJobHandler<NotifyFollowers>
{
    public async Task RunAsync(NotifyFollowers payload, CancellationToken cancellationToken)
    {
        var recipe = await db.Set<Recipe>().Where(r => r.AuthorId == payload.AuthorId && r.Slug == payload.Slug).Select(r => new { r.Id, r.Visibility }).FirstOrDefaultAsync(cancellationToken)
            ?? await db.Set<RecipeSlugHistory>().Where(h => h.Slug == payload.Slug)
                .Join(db.Set<Recipe>().Where(r => r.AuthorId == payload.AuthorId), h => h.RecipeId, r => r.Id, (h, r) => new { r.Id, r.Visibility }).FirstOrDefaultAsync(cancellationToken);
        if (recipe is null || recipe.Visibility == RecipeVisibility.Private) return; // deleted or made private since
        var followers = await db.Set<RecipeFollow>().Where(f => f.FolloweeId == payload.AuthorId)
            .Where(f => db.Memberships.Any(m => m.UserId == f.FollowerId))
            .Where(f => !db.Set<RecipeMemberSettings>().Any(s => s.UserId == f.FollowerId && s.NewRecipes != NewRecipeEmails.Immediately))
            .Select(f => f.FollowerId).ToListAsync(cancellationToken);
        foreach (var follower in followers) db.Enqueue(new SendNewRecipeEmail(recipe.Id, follower));
        await db.SaveChangesAsync(cancellationToken);
    }
}

public sealed class NewRecipeEmailJob(CairnDbContext db, ITenantContext tenant, EmailComposer composer, IEmailSender sender) : IJobHandler<SendNewRecipeEmail>
{
    public async Task RunAsync(SendNewRecipeEmail payload, CancellationToken cancellationToken)
    {
        var workspace = tenant.Workspace();
        var recipe = await db.Set<Recipe>().Where(r => r.Id == payload.RecipeId)
            .Select(r => new { r.Title, r.Slug, r.Summary, r.Visibility, r.AuthorId, Author = r.Author!.DisplayName }).FirstOrDefaultAsync(cancellationToken);
        var follower = await db.Users.Where(u => u.Id == payload.FollowerId).Select(u => new { u.Email, u.DisplayName }).FirstOrDefaultAsync(cancellationToken);
        if (recipe is null || follower?.Email is null) return;
        if (!await RecipeEmailRules.MemberMayReadAsync(db, payload.FollowerId, recipe.Visibility, recipe.AuthorId, cancellationToken)) return;
        if ((await RecipeEmailRules.SettingsAsync(db, payload.FollowerId, cancellationToken)).NewRecipes != NewRecipeEmails.Immediately) return;
        var text = $"""
            Hello {follower.DisplayName},

            {recipe.Author} shared a new recipe in {workspace.Name}: "{recipe.Title}".
            {(recipe.Summary.Length > 0 ? $"\n  {recipe.Summary}\n" : "")}
            Cook it: {composer.Link(workspace.Slug, $"/recipes/{recipe.Slug}")}

            You follow {recipe.Author}. Choose a daily digest or no emails: {composer.Link(workspace.Slug, "/recipes/settings")}
            """;
        await sender.SendAsync(composer.Create(follower.DisplayName, follower.Email, $"New recipe by {recipe.Author}: {recipe.Title}", text), cancellationToken);
    }
}

public sealed class RecipeActivityEmailJob(CairnDbContext db, ITenantContext tenant, EmailComposer composer, IEmailSender sender) : IJobHandler<SendRecipeActivityEmail>
{
    public async Task RunAsync(SendRecipeActivityEmail payload, CancellationToken cancellationToken)
    {
        var workspace = tenant.Workspace();
        var recipe = await db.Set<Recipe>().Where(r => r.Id == payload.RecipeId)
            .Select(r => new { r.Title, r.Slug, r.AuthorId, r.Author!.Email, r.Author.DisplayName }).FirstOrDefaultAsync(cancellationToken);
        if (recipe?.Email is null || recipe.AuthorId == payload.ActorId) return;
        if (!(await RecipeEmailRules.SettingsAsync(db, recipe.AuthorId, cancellationToken)).ActivityEmails) return;
        var actor = await db.Users.Where(u => u.Id == payload.ActorId).Select(u => u.DisplayName).FirstOrDefaultAsync(cancellationToken) ?? "Someone";
        var (subject, what) = payload.Stars is { } stars
            ? ($"{actor} rated \"{recipe.Title}\" {stars} out of 5", $"{actor} rated your recipe \"{recipe.Title}\" {stars} out of 5.")
            : ($"New comment on \"{recipe.Title}\"", $"{actor} commented on your recipe \"{recipe.Title}\":\n\n  {payload.Excerpt}");
        var text = $"""
            Hello {recipe.DisplayName},

            {what}

            See it: {composer.Link(workspace.Slug, $"/recipes/{recipe.Slug}")}

            Turn these emails off: {composer.Link(workspace.Slug, "/recipes/settings")}
            """;
        await sender.SendAsync(composer.Create(recipe.DisplayName, recipe.Email, subject, text), cancellationToken);
    }
}

/// <summary>
/// The daily digest (a recurring job, at 07:00 UTC): each member who chose it gets one email with the recipes
/// shared since their last digest by the people they follow, that they may read. A member's digest is claimed
/// (a conditional UPDATE of its "covered until" time) before it is sent, so two runs never both send it; a failed
/// send gives the claim back for the next run.
/// </summary>
public sealed class RecipeDigest(WorkspaceScopes workspaces, ILogger<RecipeDigest> logger) : IRecurringWork
{
    public const string Id = "recipe-digest";

    [Hangfire.AutomaticRetry(Attempts = 0)]
    [Hangfire.DisableConcurrentExecution(timeoutInSeconds: 600)]
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var sent = 0;
        await workspaces.ForEachWorkspaceAsync(async (services, token) =>
            sent += await services.GetRequiredService<RecipeDigestSweep>().RunAsync(token), cancellationToken, module: RecipesModule.Name);
        logger.LogInformation("Sent {Count} recipe digest(s)", sent);
    }
}

/// <summary>One workspace's part of <see cref="RecipeDigest"/>.</summary>
public sealed class RecipeDigestSweep(CairnDbContext db, ITenantContext tenant, TimeProvider time, EmailComposer composer, IEmailSender sender)
{
    public const int MaxRecipes = 30;

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var workspace = tenant.Workspace();
        var now = time.GetUtcNow().UtcDateTime;
        var readers = await db.Set<RecipeMemberSettings>().Where(s => s.NewRecipes == NewRecipeEmails.DailyDigest)
            .Where(s => db.Memberships.Any(m => m.UserId == s.UserId))
            .Select(s => new { s.UserId, s.DigestUntil, s.TenantId }).ToListAsync(cancellationToken);
        var sent = 0;
        foreach (var reader in readers)
        {
            var since = reader.DigestUntil ?? now.AddDays(-1);
            if (since > now.AddHours(-20)) continue; // covered by a recent run
            // Claim it: only the run that moves DigestUntil on sends.
            var claimed = await db.Set<RecipeMemberSettings>().Where(s => s.UserId == reader.UserId && s.DigestUntil == reader.DigestUntil)
                .ExecuteUpdateAsync(set => set.SetProperty(s => s.DigestUntil, now), cancellationToken);
            if (claimed == 0) continue;
            var followed = db.Set<RecipeFollow>().Where(f => f.FollowerId == reader.UserId).Select(f => f.FolloweeId);
            var recipes = await db.Set<Recipe>()
                .Where(r => r.Visibility != RecipeVisibility.Private && r.PublishedAt > since && r.PublishedAt <= now && followed.Contains(r.AuthorId))
                .OrderByDescending(r => r.PublishedAt).Take(MaxRecipes)
                .Select(r => new { r.Title, r.Slug, Author = r.Author!.DisplayName }).ToListAsync(cancellationToken);
            var user = await db.Users.Where(u => u.Id == reader.UserId).Select(u => new { u.Email, u.DisplayName }).FirstAsync(cancellationToken);
            if (recipes.Count == 0 || user.Email is null) continue;
            var lines = string.Join("\n", recipes.Select(r => $"- {r.Title}, by {r.Author}: {composer.Link(workspace.Slug, $"/recipes/{r.Slug}")}"));
            var text = $"""
                Hello {user.DisplayName},

                New recipes in {workspace.Name} by the people you follow:

                {lines}

                Choose emails for each recipe, or none: {composer.Link(workspace.Slug, "/recipes/settings")}
                """;
            try
            {
                await sender.SendAsync(composer.Create(user.DisplayName, user.Email, $"{recipes.Count} new {(recipes.Count == 1 ? "recipe" : "recipes")} in {workspace.Name}", text), cancellationToken);
                sent++;
            }
            catch (Exception) when (!cancellationToken.IsCancellationRequested)
            {
                // Give the claim back: the next run sends it.
                await db.Set<RecipeMemberSettings>().Where(s => s.UserId == reader.UserId && s.DigestUntil == now)
                    .ExecuteUpdateAsync(set => set.SetProperty(s => s.DigestUntil, reader.DigestUntil), CancellationToken.None);
                throw;
            }
        }

        return sent;
    }
}
