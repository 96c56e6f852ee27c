using Cairn.Web.Platform;

namespace Cairn.Web.Modules.Tasks;

/// <summary>The Tasks module (roadmap weeks 3 and 5): to-do lists under /tasks, with filters, sorting and bulk actions.</summary>
public static class TasksModule
{
    public const string Name = "tasks";

    public static IHostApplicationBuilder AddTasks(this IHostApplicationBuilder builder)
    {
        builder.AddCairnModule(Name, module => module
            .Navigation("Tasks", "/tasks", order: 20, NavigationAudience.Members)
            .ApiTag("Tasks", "To-do lists: the same tasks, filters and permissions as the /tasks pages.")
            .EmailLink("Your tasks", "/tasks")
            .Owns("/tasks", "/api/v1/tasks")
            .Demo<TasksDemoContent>()
            .Admin<TaskItem>(TasksAdmin.Tasks).Admin<TaskList>(TasksAdmin.Lists));
        builder.AddModuleOptions<TaskOptions>("Tasks");
        builder.Services.AddScoped<TaskAccess>();
        builder.Services.AddScoped<TaskQueries>();
        builder.Services.AddScoped<TaskForm>();
        builder.Services.AddSingleton<Platform.Commands.IManagementCommand, TaskSeedCommand>();
        builder.Services.AddRecurringJob<TaskReminders>(TaskReminders.Id, "* * * * *");
        builder.Services.AddScoped<TaskReminderSweep>();
        return builder;
    }

    public static IEndpointRouteBuilder MapTasks(this IEndpointRouteBuilder endpoints) => endpoints.MapTasksApi();
}
