using System.Data.Common;
using System.Net;
using System.Net.Http.Json;
using Cairn.Tests.Infrastructure;
using Cairn.Web.Modules.Account;
using Cairn.Web.Platform.Accounts;
using Cairn.Web.Platform.Jobs;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace Cairn.Tests.Modules.Account;

/// <summary>Fails the next insert of a membership, as a process killed between the account and its membership would.</summary>
public sealed class MembershipInsertFault : DbCommandInterceptor
{
    private volatile bool _armed;

    public bool Armed { get => _armed; set => _armed = value; }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default) =>
        Check(command) ? throw new InvalidOperationException("injected fault: the process died here") : base.NonQueryExecutingAsync(command, eventData, result, cancellationToken);

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default) =>
        Check(command) ? throw new InvalidOperationException("injected fault: the process died here") : base.ReaderExecutingAsync(command, eventData, result, cancellationToken);

    private bool Check(DbCommand command) =>
        // SQLite's SQL quotes the table name, PostgreSQL's (lower-case names need none) does not.
        Armed && command.CommandText.Replace("\"", "", StringComparison.Ordinal).Contains("INSERT INTO tenancy_memberships", StringComparison.OrdinalIgnoreCase);
}

public sealed class FaultyApp : CairnApp
{
    public MembershipInsertFault Fault { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<IInterceptor>(Fault));
    }
}

/// <summary>Issue 10, item 10: sign-up through the RealWorld API commits the account and what sign-up adds together, as the page does.</summary>
public sealed class SignupAtomicityTests(FaultyApp app) : IClassFixture<FaultyApp>
{
    [Fact]
    public async Task ApiSignup_ThatFailsHalfWay_LeavesNoAccount_AndCanBeRepeated()
    {
        var ws = await app.CreateWorkspaceAsync(prefix: "atom", openJoining: true);
        var name = $"atom{Guid.NewGuid():N}"[..14];
        var email = $"{name}@example.test";
        using var client = app.Browser(ws);
        var signup = new { user = new { username = name, email, password = CairnApp.DefaultPassword } };

        app.Fault.Armed = true;
        try
        {
            var failed = await client.Http.PostAsJsonAsync("/api/users", signup);
            Assert.False(failed.IsSuccessStatusCode);
        }
        finally
        {
            app.Fault.Armed = false;
        }
        await using (var scope = app.Scope())
        {
            Assert.Null(await scope.ServiceProvider.GetRequiredService<UserManager<CairnUser>>().FindByEmailAsync(email));
        }

        // Nothing half-made stands in the way: the same sign-up succeeds, signs in, and has its welcome email queued.
        Assert.Equal(HttpStatusCode.Created, (await client.Http.PostAsJsonAsync("/api/users", signup)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.Http.PostAsJsonAsync("/api/users/login", new { user = new { email, password = CairnApp.DefaultPassword } })).StatusCode);
        var (dbScope, db) = await app.DbForAsync(ws);
        await using (dbScope)
        {
            var userId = await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
            var kind = typeof(SendWelcomeEmail).FullName!;
            var welcomes = await db.Set<OutboxMessage>().Where(m => m.Kind == kind).Select(m => m.Payload).ToListAsync();
            Assert.Single(welcomes, p => p.Contains(userId.ToString(), StringComparison.OrdinalIgnoreCase));
        }
    }
}
