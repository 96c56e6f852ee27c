using Cairn.Web;
using Cairn.Web.Platform;
using Cairn.Web.Platform.Commands;

var builder = WebApplication.CreateBuilder(ManagementCommands.HostArguments(args));

builder.AddCairnPlatform();
builder.AddModules();

var app = builder.Build();

app.UseCairnPlatform();
app.MapModules();

return await app.RunOrExecuteCommandAsync(args);

/// <summary>The entry point, public so that tests can host the app.</summary>
public partial class Program;
