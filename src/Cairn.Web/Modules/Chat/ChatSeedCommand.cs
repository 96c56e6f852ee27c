using System.Globalization;
using Cairn.Web.Platform.Commands;

namespace Cairn.Web.Modules.Chat;

/// <summary>
/// <c>chat seed --workspace W --rooms N --users M</c>: makes M members (<c>seed1@W.example.test</c> …, with
/// <c>--password</c>) and N public channels <c>room-1</c> … <c>room-N</c> with all of them in each, and
/// <c>--messages</c> messages per channel: for trying chat with many people and for bench/chat.sh.
/// </summary>
public sealed class ChatSeedCommand : IManagementCommand
{
    public string Name => "chat";

    public string Usage => """
          chat seed --workspace W [--rooms 50] [--users 20] [--messages 0] [--password P]
                                                         make channels room-1 … with every seed member in them (for trying and benchmarks)
        """;

    public IReadOnlyList<string> Options => ["rooms", "users", "messages", "password"];

    public int MaxPositionals => 1;

    public bool ActsInWorkspace => true;

    public async Task<int> RunAsync(IServiceProvider services, CommandLine command, TextWriter output, TextWriter error)
    {
        if (command.Positional.FirstOrDefault() != "seed") throw new CommandLineException("chat needs a subcommand: chat seed --workspace W");
        var tenant = services.GetRequiredService<ITenantContext>().Workspace();
        var rooms = command.Number("rooms", 50, 1, 10_000);
        var userCount = command.Number("users", 20, 1, 1000);
        var messages = command.Number("messages", 0, 0, 100_000);
        var password = command.Option("password") ?? $"seed-{Guid.NewGuid():N}"[..21];
        var (members, problem) = await SeedMembers.EnsureAsync(services, tenant, userCount, password);
        if (problem is not null)
        {
            await error.WriteLineAsync($"error: {problem}");
            return 1;
        }

        var conversations = services.GetRequiredService<ChatConversations>();
        var log = services.GetRequiredService<ChatLog>();
        var people = new List<ChatPerson>();
        foreach (var member in members) people.Add((await conversations.PersonAsync(member, CancellationToken.None))!);
        var db = services.GetRequiredService<CairnDbContext>();
        for (var r = 1; r <= rooms; r++)
        {
            var name = $"room-{r}";
            var room = await db.Set<Conversation>().AsNoTracking().FirstOrDefaultAsync(c => c.Name == name);
            if (room is null)
            {
                (room, problem) = await conversations.CreateChannelAsync(people[0], name, $"Seeded room {r}", isPrivate: false, CancellationToken.None);
                if (room is null)
                {
                    await error.WriteLineAsync($"error: {problem}");
                    return 1;
                }
            }

            foreach (var person in people) await log.JoinAsync(room, person, CancellationToken.None);
            for (var m = 1; m <= messages; m++)
                await log.SendAsync(room, people[m % people.Count], $"Seeded message {m} in {name}", $"seed-{name}-{m}", CancellationToken.None);
        }

        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"Seeded {rooms} channels (room-1 … room-{rooms}) with {members.Count} members each in '{tenant.Slug}'. Members sign in as seed1@{tenant.Slug}.example.test … seed{members.Count}@{tenant.Slug}.example.test with password {password}"));
        return 0;
    }
}
