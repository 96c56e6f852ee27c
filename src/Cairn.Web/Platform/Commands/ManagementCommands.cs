using Microsoft.AspNetCore.Identity;

namespace Cairn.Web.Platform.Commands;

/// <summary>
/// Django's manage.py: the same executable serves the site or runs one command and exits, with the same
/// configuration. <c>dotnet run --project src/Cairn.Web -- workspace list</c>, or <c>dotnet Cairn.Web.dll workspace list</c>.
/// </summary>
public static class ManagementCommands
{
    public static readonly IReadOnlyList<string> Names = ["migrate", "createsuperuser", "workspace", "help"];

    public const string Usage = """
        Usage: Cairn.Web [command]
          (no command)                                   serve the site
          migrate                                        apply database migrations and exit
          createsuperuser --email E [--password P] [--username U]
                                                         create a platform administrator (prompts for the password)
          workspace create <slug> --name "<name>" [--owner E] [--joining invitation|open]
                                                         create a workspace, optionally with an owner;
                                                         invitation-only unless --joining open
          workspace list                                 list workspaces
          help                                           show this text
        """;

    /// <summary>A first argument that is not an option (<c>--urls …</c>) names a command, known or not.</summary>
    // The options and the most positional words each command takes; anything else is refused, not ignored.
    private static readonly Dictionary<string, (string[] Options, int Positionals)> Shapes = new()
    {
        ["migrate"] = ([], 0),
        ["createsuperuser"] = (["email", "password", "username"], 0),
        ["workspace"] = (["name", "owner", "joining"], 2),
        ["help"] = ([], 0),
    };

    public static bool IsCommand(string[] args) => args.Length > 0 && !args[0].StartsWith('-') && !args[0].Contains('=', StringComparison.Ordinal);

    /// <summary>The arguments the web host sees: none of a command's own, so that <c>--name</c> is not read as configuration.</summary>
    public static string[] HostArguments(string[] args) => IsCommand(args) ? [] : args;

    /// <summary>Runs the command in <paramref name="args"/>, or serves the site when there is none.</summary>
    public static async Task<int> RunOrExecuteCommandAsync(this WebApplication app, string[] args)
    {
        if (IsCommand(args))
            return await RunAsync(app.Services, args, Console.Out, Console.Error, Console.IsInputRedirected ? Console.In : null);

        // The database is prepared while the server starts; requests wait for it behind DatabaseStartupGate.
        var preparing = Task.Run(() => app.Services.GetRequiredService<DatabaseStartup>().RunAsync(app.Lifetime.ApplicationStopping));
        await app.StartAsync();
        try
        {
            await preparing;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            app.Logger.LogCritical(e, "Cannot prepare the database; stopping");
            await app.StopAsync();
            return 1;
        }

        await app.WaitForShutdownAsync();
        return 0;
    }

    /// <summary>Runs one command. Returns the process exit code: 0 on success, 1 on a refused command, 2 on bad usage.</summary>
    public static async Task<int> RunAsync(IServiceProvider services, string[] args, TextWriter output, TextWriter error, TextReader? input = null)
    {
        try
        {
            var parsed = CommandLine.Parse(args);
            if (Shapes.TryGetValue(parsed.Name, out var shape)) parsed.Allow(shape.Options).Positionals(shape.Positionals);
            if (!Shapes.ContainsKey(parsed.Name) && services.GetServices<IManagementCommand>().FirstOrDefault(c => c.Name == parsed.Name) is { } module)
            {
                parsed.Allow([.. module.Options, .. module.ActsInWorkspace ? new[] { "workspace" } : []]).Positionals(module.MaxPositionals);
                if (!module.ActsInWorkspace) return await module.RunAsync(services, parsed, output, error);
                var slug = parsed.Required("workspace");
                await DatabaseSetup.MigrateAsync(services);
                if (await services.GetRequiredService<TenantStore>().FindAsync(slug) is not { } workspace)
                    return Fail(error, $"no workspace '{slug}' (create it with: workspace create {slug} --name \"…\")");
                await using var scope = services.GetRequiredService<WorkspaceScopes>().Open(workspace);
                return await module.RunAsync(scope.ServiceProvider, parsed, output, error);
            }

            return parsed.Name switch
            {
                "migrate" => await MigrateAsync(services, output),
                "createsuperuser" => await CreateSuperuserAsync(services, parsed, output, error, input),
                "workspace" when parsed.Positional.FirstOrDefault() == "create" => await CreateWorkspaceAsync(services, parsed, output, error),
                "workspace" when parsed.Positional.FirstOrDefault() == "list" => await ListWorkspacesAsync(services, output),
                "help" => Help(services, output),
                _ => UsageError(error, $"unknown command '{string.Join(' ', args)}'"),
            };
        }
        catch (CommandLineException e)
        {
            return UsageError(error, e.Message);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A database that does not answer, a folder that cannot be written: one line, no stack trace.
            return Fail(error, e.GetBaseException().Message);
        }
    }

    private static async Task<int> MigrateAsync(IServiceProvider services, TextWriter output)
    {
        await DatabaseSetup.MigrateAsync(services);
        if (services.GetRequiredService<IOptions<CairnOptions>>().Value.SeedDemoData)
            await DatabaseSetup.SeedAsync(services, services.GetRequiredService<ILoggerFactory>().CreateLogger("Cairn.Commands"));
        output.WriteLine("Database is up to date.");
        return 0;
    }

    private static async Task<int> CreateSuperuserAsync(IServiceProvider services, CommandLine command, TextWriter output, TextWriter error, TextReader? input)
    {
        var email = command.Required("email");
        var password = command.Option("password") ?? ReadPassword(output, input);
        if (string.IsNullOrEmpty(password)) return Fail(error, "a password is required: pass --password or type it when asked");

        await DatabaseSetup.MigrateAsync(services);
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<CairnUser>>();
        if (await users.FindByEmailAsync(email) is not null) return Fail(error, $"a user with email '{email}' already exists");

        var userName = command.Option("username") ?? UserNames.FromEmail(email);
        var user = new CairnUser { Email = email, UserName = userName, DisplayName = userName, IsPlatformAdmin = true, EmailConfirmed = true };
        var result = await users.CreateAsync(user, password);
        if (!result.Succeeded) return Fail(error, string.Join(" ", result.Errors.Select(e => e.Description)));

        output.WriteLine($"Platform administrator {email} created.");
        return 0;
    }

    private static async Task<int> CreateWorkspaceAsync(IServiceProvider services, CommandLine command, TextWriter output, TextWriter error)
    {
        if (command.Positional.Count < 2) throw new CommandLineException("workspace create needs a slug: workspace create <slug> --name \"<name>\"");
        var slug = command.Positional[1];
        var name = command.Required("name");
        var open = command.Option("joining") switch
        {
            null or "invitation" => false,
            "open" => true,
            var other => throw new CommandLineException($"--joining is 'invitation' or 'open', not '{other}'"),
        };

        await DatabaseSetup.MigrateAsync(services);
        await using var scope = services.CreateAsyncScope();
        Guid? ownerId = null;
        if (command.Option("owner") is { } ownerEmail)
        {
            var owner = await scope.ServiceProvider.GetRequiredService<UserManager<CairnUser>>().FindByEmailAsync(ownerEmail);
            if (owner is null) return Fail(error, $"no user with email '{ownerEmail}'");
            ownerId = owner.Id;
        }

        var result = await scope.ServiceProvider.GetRequiredService<WorkspaceService>().CreateAsync(slug, name, ownerId, open);
        if (!result.Succeeded) return Fail(error, result.Error!);

        var tenancy = scope.ServiceProvider.GetRequiredService<IOptions<TenancyOptions>>().Value;
        output.WriteLine($"Workspace '{result.Tenant!.Slug}' created: served at {result.Tenant.Slug}.{tenancy.BaseDomain}, "
            + (open ? "open to every sign-up" : "joined by invitation"));
        return 0;
    }

    private static async Task<int> ListWorkspacesAsync(IServiceProvider services, TextWriter output)
    {
        await DatabaseSetup.MigrateAsync(services);
        await using var scope = services.CreateAsyncScope();
        var tenants = await scope.ServiceProvider.GetRequiredService<WorkspaceService>().ListAsync();
        output.WriteLine($"{"SLUG",-24} {"MEMBERS",7}  {"CREATED",-10}  NAME");
        foreach (var tenant in tenants)
            output.WriteLine($"{tenant.Slug,-24} {tenant.MemberCount,7}  {tenant.CreatedAt:yyyy-MM-dd}  {tenant.Name}");
        return 0;
    }

    private static string? ReadPassword(TextWriter output, TextReader? input)
    {
        if (input is not null) return input.ReadLine();
        if (Console.IsInputRedirected) return null;
        output.Write("Password: ");
        var password = new System.Text.StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter) break;
            if (key.Key == ConsoleKey.Backspace) { if (password.Length > 0) password.Length--; }
            else password.Append(key.KeyChar);
        }

        output.WriteLine();
        return password.ToString();
    }

    private static int Help(IServiceProvider services, TextWriter output)
    {
        output.WriteLine(Usage);
        foreach (var command in services.GetServices<IManagementCommand>()) output.WriteLine(command.Usage);
        return 0;
    }

    private static int Fail(TextWriter error, string message)
    {
        error.WriteLine($"error: {message}");
        return 1;
    }

    private static int UsageError(TextWriter error, string message)
    {
        error.WriteLine($"error: {message} (run 'help' for usage)");
        return 2;
    }
}
