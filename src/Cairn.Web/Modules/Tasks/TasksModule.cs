using Cairn.Web.Platform;
using Cairn.Web.Platform.Jobs;
using Microsoft.EntityFrameworkCore;

namespace Cairn.Web.Modules.Tasks;

/// <summary>The Tasks module (roadmap weeks 3 and 5): to-do lists under /tasks, with filters, sorting and bulk actions.</summary>
public static class TasksModule
{
    public static IHostApplicationBuilder AddTasks(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<TaskAccess>();
        builder.Services.AddScoped<TaskQueries>();
        builder.Services.AddScoped<TaskForm>();
        builder.Services.AddSingleton<Platform.Commands.IManagementCommand, TaskSeedCommand>();
        builder.Services.Configure<TaskOptions>(builder.Configuration.GetSection(TaskOptions.Section));
        builder.Services.AddRecurringJob<TaskReminders>(TaskReminders.Id, "* * * * *");
        builder.Services.AddScoped<TaskReminderSweep>();
        return builder;
    }

    public static IEndpointRouteBuilder MapTasks(this IEndpointRouteBuilder endpoints) => endpoints.MapTasksApi();

    public static void ConfigureModel(ModelBuilder model, DatabaseProvider provider) => TaskSchema.Configure(model, provider);
}
