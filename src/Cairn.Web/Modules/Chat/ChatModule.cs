using Cairn.Web.Platform.Realtime;

namespace Cairn.Web.Modules.Chat;

/// <summary>
/// The Chat module (roadmap weeks 13 to 16): channels and direct conversations under /chat, live through the
/// SignalR hub at /hubs/chat, every event numbered in its conversation so that clients catch up exactly.
/// </summary>
public static class ChatModule
{
    public const string Name = "chat";

    public const string HubPath = "/hubs/chat";

    public static IHostApplicationBuilder AddChat(this IHostApplicationBuilder builder)
    {
        builder.AddCairnModule(Name, module => module
            .Navigation("Chat", "/chat", order: 40, NavigationAudience.Members)
            .HeaderComponent("ChatBell", NavigationAudience.Members)
            .ApiTag("Chat", "Conversations, their events in sequence order, messages and read markers: what the /hubs/chat hub does, over HTTP.")
            .Owns("/chat", "/api/v1/chat", HubPath)
            .Demo<ChatDemoContent>());
        builder.AddModuleOptions<ChatOptions>("Chat");
        builder.Services.AddSingleton<ChatLimits>();
        builder.Services.AddScoped<ChatAccess>();
        builder.Services.AddScoped<ChatLog>();
        builder.Services.AddSingleton<ChatBroadcaster>();
        builder.Services.AddSingleton<ChatSendBatcher>();
        builder.Services.AddHostedService(services => services.GetRequiredService<ChatSendBatcher>());
        builder.Services.AddScoped<ChatConversations>();
        builder.Services.AddHub<ChatHub>(HubPath);
        builder.Services.AddSingleton<LocalChatConnections>();
        builder.Services.AddScoped<ChatPresence>();
        builder.Services.AddScoped<ChatAttachments>();
        builder.Services.AddScoped<Platform.Events.IDomainEventHandler<MemberRemoved>, ChatMemberRemoval>();
        builder.Services.AddHostedService<ChatPresenceHeartbeat>();
        builder.Services.AddScoped<ChatMissedEmailSweep>();
        builder.Services.AddRecurringJob<ChatMissedEmails>(ChatMissedEmails.Id, "*/5 * * * *");
        builder.Services.AddHostedService<ChatShutdown>();
        builder.Services.AddSingleton<Platform.Commands.IManagementCommand, ChatSeedCommand>();
        return builder;
    }

    public static IEndpointRouteBuilder MapChat(this IEndpointRouteBuilder endpoints) => ChatAttachments.MapChatFiles(endpoints.MapChatApi());
}
