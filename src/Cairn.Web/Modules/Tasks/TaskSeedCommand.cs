using System.Diagnostics;
using System.Globalization;
using Cairn.Web.Platform.Commands;

namespace Cairn.Web.Modules.Tasks;

/// <summary>
/// <c>tasks seed --workspace W --count N</c>: fills a workspace with realistic tasks for trying the filters and for
/// bench/tasks.sh. Makes <c>--users</c> members (<c>seed1@W.example.test</c> …, with <c>--password</c>), two private
/// lists each and a few shared ones, then N tasks spread over them: due dates from a month ago to two months ahead
/// (a quarter without), mostly normal priority, 40 % done, up to three tags, half assigned. Repeatable: the same
/// <c>--random-seed</c> gives the same tasks.
/// </summary>
public sealed class TaskSeedCommand : IManagementCommand
{
    private static readonly string[] Verbs = ["Write", "Review", "Fix", "Plan", "Call", "Email", "Update", "Check", "Draft", "Book", "Order", "Clean", "Prepare", "Test", "Ship", "Sort"];
    private static readonly string[] Things = ["the quarterly report", "invoice 2291", "the staging server", "team offsite", "supplier contract", "onboarding guide", "release notes", "the garden shed", "dentist appointment", "budget sheet", "customer feedback", "database backups", "the landing page", "tax return", "flight to Oslo", "birthday present", "kitchen shelves", "conference talk", "security audit", "recipe collection"];
    private static readonly string[] TagPool = ["work", "home", "errand", "urgent-ish", "finance", "health", "travel", "writing", "ops", "design", "backend", "frontend", "family", "garden", "reading", "admin", "meeting", "idea", "waiting", "someday", "q1", "q2", "q3", "q4", "client", "hiring", "legal", "support", "research", "personal"];
    private static readonly string[] SharedListNames = ["Team backlog", "Office", "Releases", "Support queue", "Events"];

    public string Name => "tasks";

    public string Usage => """
          tasks seed --workspace W [--count 100000] [--users 20] [--password P] [--random-seed 1]
                                                         fill workspace W with realistic tasks (for trying and benchmarks)
        """;

    public IReadOnlyList<string> Options => ["count", "users", "password", "random-seed"];

    public int MaxPositionals => 1;

    public bool ActsInWorkspace => true;

    public async Task<int> RunAsync(IServiceProvider services, CommandLine command, TextWriter output, TextWriter error)
    {
        if (command.Positional.FirstOrDefault() != "seed") throw new CommandLineException("tasks needs a subcommand: tasks seed --workspace W");
        var tenant = services.GetRequiredService<ITenantContext>().Workspace(); // --workspace, set by the platform
        var slug = tenant.Slug;
        var count = command.Number("count", 100_000, 0, 5_000_000);
        var userCount = command.Number("users", 20, 1, 1000);
        var random = new Random(command.Number("random-seed", 1, 0, int.MaxValue));
        var password = command.Option("password") ?? $"seed-{Guid.NewGuid():N}"[..21];

        var clock = Stopwatch.StartNew();
        var (members, problem) = await SeedMembers.EnsureAsync(services, tenant, userCount, password);
        if (problem is not null)
        {
            await error.WriteLineAsync($"error: {problem}");
            return 1;
        }

        var db = services.GetRequiredService<CairnDbContext>();
        var lists = new List<TaskList>();
        foreach (var member in members)
            for (var n = 1; n <= 2; n++)
                lists.Add(new TaskList { Name = n == 1 ? "My tasks" : "Side projects", OwnerId = member });
        foreach (var name in SharedListNames) lists.Add(new TaskList { Name = name, IsShared = true, OwnerId = members[0] });
        db.TaskLists.AddRange(lists);

        var existingTags = await db.TaskTags.ToDictionaryAsync(t => t.Name);
        var tags = TagPool.Select(name => existingTags.GetValueOrDefault(name) ?? new TaskTag { Name = name }).ToList();
        db.TaskTags.AddRange(tags.Where(t => t.Id == 0));
        await db.SaveChangesAsync();
        var sharedLists = lists.Where(l => l.IsShared).ToList();

        var now = DateTime.UtcNow;
        const int batch = 2000;
        for (var done = 0; done < count; done += batch)
        {
            // Fresh stubs per batch: the tracked tags' collections would otherwise gather every task saved so far.
            db.ChangeTracker.Clear();
            tags = tags.Select(t => new TaskTag { Id = t.Id, Name = t.Name }).ToList();
            foreach (var tag in tags) db.Attach(tag);
            for (var i = done; i < Math.Min(count, done + batch); i++)
            {
                var creator = members[random.Next(members.Count)];
                var list = random.NextDouble() < 0.4 ? sharedLists[random.Next(sharedLists.Count)] : lists.Where(l => l.OwnerId == creator).ElementAt(random.Next(2));
                var created = now.AddMinutes(-random.Next(90 * 24 * 60));
                var task = new TaskItem
                {
                    Title = $"{Verbs[random.Next(Verbs.Length)]} {Things[random.Next(Things.Length)]} #{i + 1}",
                    Notes = random.NextDouble() < 0.3 ? "Remember to *check* the details and write down what was decided." : "",
                    ListId = list.Id,
                    CreatedById = creator,
                    AssigneeId = random.NextDouble() < 0.5 ? members[random.Next(members.Count)] : null,
                    Priority = random.Next(10) switch { < 2 => TaskPriority.Low, < 7 => TaskPriority.Normal, < 9 => TaskPriority.High, _ => TaskPriority.Urgent },
                    DueAt = random.NextDouble() < 0.25 ? null : now.Date.AddDays(random.Next(-30, 60)).AddHours(random.Next(8, 19)),
                    CreatedAt = created,
                    UpdatedAt = created,
                };
                task.NotesHtml = task.Notes.Length == 0 ? "" : "<p>Remember to <em>check</em> the details and write down what was decided.</p>";
                if (random.NextDouble() < 0.4) task.MarkDone(created.AddDays(random.Next(0, 10)));
                var tagCount = random.Next(4);
                foreach (var tag in tags.OrderBy(_ => random.Next()).Take(tagCount)) task.Tags.Add(tag);
                db.Tasks.Add(task);
            }

            await db.SaveChangesAsync();
            if ((done / batch) % 10 == 9) await output.WriteLineAsync($"  {done + batch:N0} tasks…");
        }

        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"Seeded {count:N0} tasks in {lists.Count} lists for {members.Count} members of '{slug}' in {clock.Elapsed.TotalSeconds:F1} s. Members sign in as seed1@{slug}.example.test (an Admin) … seed{members.Count}@{slug}.example.test with password {password}"));
        return 0;
    }
}
