using Cairn.Web.Platform.Api;

namespace Cairn.Web.Modules.Chat;

/// <summary>A new conversation: a channel (<c>public</c>, <c>private</c>) with a name, or a direct one with the usernames of the others.</summary>
public sealed record ConversationRequest(string? Kind, string? Name, string? Topic, IReadOnlyList<string>? Members);

/// <summary>A message to send; <c>threadRootId</c> makes it a reply in that message's thread.</summary>
public sealed record MessageRequest(string? Text, string? ClientMessageId, long? ThreadRootId = null);

public sealed record ReadRequest(long Seq);

public sealed record MemberRequest(string? UserName);

public sealed record ReadMarker(long ConversationId, long LastReadSeq);

/// <summary>A member's chat settings in this workspace.</summary>
public sealed record ChatSettingsView(bool ShareReadReceipts, bool EmailMissed);

/// <summary>
/// <c>/api/v1/chat</c>: what the hub does, for clients without a WebSocket (and for catching up): conversations
/// (list, create, join, leave), a conversation's events after a sequence number, sending a message, and read
/// markers. The same permissions as the hub; a conversation the caller may not read answers 404.
/// </summary>
public static class ChatApi
{
    public static IEndpointRouteBuilder MapChatApi(this IEndpointRouteBuilder endpoints)
    {
        var chat = endpoints.MapApiV1("chat").WithTags("Chat");
        chat.MapGet("/conversations", async (HttpContext http, ChatConversations conversations, ChatAccess access, CancellationToken ct) =>
                await Caller(http, access, ct) is { } me ? Results.Ok(await conversations.ListAsync(me, ct)) : ApiResults.Forbidden())
            .WithName("Chat.Conversations").WithSummary("The public channels and the conversations you are in, with your unread counts")
            .Produces<IReadOnlyList<ConversationSummary>>().ProducesProblem(StatusCodes.Status403Forbidden);
        chat.MapPost("/conversations", CreateAsync).WithName("Chat.CreateConversation")
            .WithSummary("Start a channel (kind public or private, a name) or a direct conversation (kind direct, the others' usernames; found again if it exists)")
            .Produces<ConversationSummary>(StatusCodes.Status201Created).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithExample(new ConversationRequest("public", "design-team", "Sketches and reviews", null), null);
        chat.MapPost("/conversations/{id:long}/join", (long id, HttpContext http, ChatAccess access, ChatConversations conversations, ChatLog log, CancellationToken ct) =>
                MembershipAsync(id, join: true, http, access, conversations, log, ct))
            .WithName("Chat.Join").WithSummary("Join a public channel").Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        chat.MapPost("/conversations/{id:long}/leave", (long id, HttpContext http, ChatAccess access, ChatConversations conversations, ChatLog log, CancellationToken ct) =>
                MembershipAsync(id, join: false, http, access, conversations, log, ct))
            .WithName("Chat.Leave").WithSummary("Leave a channel").Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        chat.MapPost("/conversations/{id:long}/members", AddMemberAsync).WithName("Chat.AddMember")
            .WithSummary("Bring a member of the workspace into a channel you are in (the way into a private one)")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithExample(new MemberRequest("grace"), null);
        chat.MapDelete("/conversations/{id:long}/members/{userName}", RemoveMemberAsync).WithName("Chat.RemoveMember")
            .WithSummary("Take someone out of a channel (its creator, or a workspace Admin); they stop receiving its events at once")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        chat.MapGet("/conversations/{id:long}/events", EventsAsync).WithName("Chat.Events")
            .WithSummary("The conversation's events after a sequence number, in order (at most limit, up to 500): what a reconnecting client missed")
            .Produces<IReadOnlyList<ChatEventView>>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status422UnprocessableEntity).ProducesProblem(StatusCodes.Status429TooManyRequests);
        chat.MapPost("/conversations/{id:long}/messages", SendAsync).WithName("Chat.Send")
            .WithSummary("Send a message; sent again with the same clientMessageId, it is stored once and answered the same")
            .Produces<ChatEventView>(StatusCodes.Status201Created).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status422UnprocessableEntity).ProducesProblem(StatusCodes.Status429TooManyRequests)
            .WithExample(new MessageRequest("Lunch at one?", "b3f1c2e4-1"), null);
        chat.MapPatch("/messages/{id:long}", (long id, MessageRequest request, HttpContext http, ChatAccess access, ChatLog log, ChatLimits limits, CancellationToken ct) =>
                ChangeAsync(id, request.Text ?? "", http, access, log, limits, ct))
            .WithName("Chat.Edit").WithSummary("Change the text of your message (an edit event)")
            .Produces<ChatEventView>().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity).ProducesProblem(StatusCodes.Status429TooManyRequests);
        chat.MapDelete("/messages/{id:long}", (long id, HttpContext http, ChatAccess access, ChatLog log, ChatLimits limits, CancellationToken ct) =>
                ChangeAsync(id, null, http, access, log, limits, ct))
            .WithName("Chat.Delete").WithSummary("Delete your message, or any as a workspace Admin (a delete event; the text leaves every event that carried it)")
            .Produces<ChatEventView>().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity).ProducesProblem(StatusCodes.Status429TooManyRequests);
        chat.MapPut("/messages/{id:long}/reactions/{emoji}", (long id, string emoji, HttpContext http, ChatAccess access, ChatConversations conversations, ChatLog log, ChatLimits limits, CancellationToken ct) =>
                ReactAsync(id, emoji, true, http, access, conversations, log, limits, ct))
            .WithName("Chat.React").WithSummary("React to a message with an emoji (one of each per member; again changes nothing)")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity).ProducesProblem(StatusCodes.Status429TooManyRequests);
        chat.MapDelete("/messages/{id:long}/reactions/{emoji}", (long id, string emoji, HttpContext http, ChatAccess access, ChatConversations conversations, ChatLog log, ChatLimits limits, CancellationToken ct) =>
                ReactAsync(id, emoji, false, http, access, conversations, log, limits, ct))
            .WithName("Chat.Unreact").WithSummary("Take back your reaction")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity).ProducesProblem(StatusCodes.Status429TooManyRequests);
        chat.MapPut("/conversations/{id:long}/read", async (long id, ReadRequest request, HttpContext http, ChatAccess access, ChatLog log, CancellationToken ct) =>
            {
                if (await Caller(http, access, ct) is not { } me || await access.ReadableAsync(id, me, ct) is null) return ApiResults.NotFound("conversation");
                return Results.Ok(new ReadMarker(id, await log.MarkReadAsync(id, me, request.Seq, ct) ?? 0));
            })
            .WithName("Chat.MarkRead").WithSummary("Move your read marker forward to a sequence number (never back)")
            .Produces<ReadMarker>().ProducesProblem(StatusCodes.Status404NotFound);
        chat.MapGet("/conversations/{id:long}/messages", HistoryAsync).WithName("Chat.History")
            .WithSummary("The conversation's messages as they stand now (replies are in their threads), oldest first: the limit (up to 100) before a sequence number, or the newest; or, with around, those around one")
            .Produces<IReadOnlyList<ChatMessageView>>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status422UnprocessableEntity).ProducesProblem(StatusCodes.Status429TooManyRequests);
        chat.MapPost("/conversations/{id:long}/attachments", AttachAsync).WithName("Chat.Attach")
            .WithSummary("Upload a file to send in the conversation (multipart, field file): answers its address and the Markdown to put in a message (a picture shows in it)")
            .Accepts<IFormFile>("multipart/form-data").DisableAntiforgery()
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(ConversationModel.MaxRequestBytes))
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestFormLimitsAttribute { MultipartBodyLengthLimit = ConversationModel.MaxRequestBytes })
            .Produces<ChatAttachmentView>(StatusCodes.Status201Created).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status422UnprocessableEntity).ProducesProblem(StatusCodes.Status429TooManyRequests);
        chat.MapPost("/conversations/{id:long}/archive", (long id, HttpContext http, ChatAccess access, ChatConversations conversations, ChatLog log, CancellationToken ct) =>
                ArchiveAsync(id, true, http, access, conversations, log, ct))
            .WithName("Chat.Archive").WithSummary("Archive a channel (its creator or a workspace Admin): it stays readable, and nobody writes in it")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        chat.MapDelete("/conversations/{id:long}/archive", (long id, HttpContext http, ChatAccess access, ChatConversations conversations, ChatLog log, CancellationToken ct) =>
                ArchiveAsync(id, false, http, access, conversations, log, ct))
            .WithName("Chat.Unarchive").WithSummary("Take a channel out of the archive")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        chat.MapGet("/search", SearchAsync).WithName("Chat.Search")
            .WithSummary("Messages you may read with these words, newest first (50 at most; before, a message id, for the next page)")
            .Produces<IReadOnlyList<ChatSearchHit>>().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status422UnprocessableEntity).ProducesProblem(StatusCodes.Status429TooManyRequests);
        // Asked often by pages and cheap to flood: each counts against the member's budget of reads (a change, of sends).
        chat.MapGet("/presence", async (HttpContext http, ChatAccess access, ChatLimits limits, ChatPresence presence, CancellationToken ct) =>
                await BudgetedCallerAsync(http, access, limits, write: false, ct) is (_, { } refused) ? refused : Results.Ok(await presence.HereAsync(ct)))
            .WithName("Chat.Presence").WithSummary("Who in the workspace is online or away now (everyone else is offline); changes come live through the hub's Presence event")
            .Produces<IReadOnlyList<PresenceView>>().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status429TooManyRequests);
        chat.MapGet("/bell", async (HttpContext http, ChatAccess access, ChatLimits limits, ChatConversations conversations, CancellationToken ct) =>
            {
                var (me, refused) = await BudgetedCallerAsync(http, access, limits, write: false, ct);
                return refused ?? Results.Ok(await conversations.BellAsync(me, ct));
            })
            .WithName("Chat.Bell").WithSummary("Your unread mentions and direct messages, and the conversations they are in")
            .Produces<BellView>().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status429TooManyRequests);
        chat.MapGet("/settings", async (HttpContext http, ChatAccess access, ChatLimits limits, ChatConversations conversations, CancellationToken ct) =>
            {
                var (me, refused) = await BudgetedCallerAsync(http, access, limits, write: false, ct);
                if (refused is not null) return refused;
                var settings = await conversations.SettingsAsync(me, ct);
                return Results.Ok(new ChatSettingsView(settings.ShareReadReceipts, settings.EmailMissed));
            })
            .WithName("Chat.Settings").WithSummary("Your chat settings here: read receipts shared, missed messages emailed")
            .Produces<ChatSettingsView>().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status429TooManyRequests);
        chat.MapPut("/settings", async (ChatSettingsView request, HttpContext http, ChatAccess access, ChatLimits limits, ChatConversations conversations, CancellationToken ct) =>
            {
                var (me, refused) = await BudgetedCallerAsync(http, access, limits, write: true, ct);
                if (refused is not null) return refused;
                await conversations.SaveSettingsAsync(me, request.ShareReadReceipts, request.EmailMissed, ct);
                return Results.Ok(request);
            })
            .WithName("Chat.SaveSettings").WithSummary("Change your chat settings here")
            .Produces<ChatSettingsView>().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status429TooManyRequests)
            .WithExample(new ChatSettingsView(false, true), null);
        return endpoints;
    }

    private static async Task<IResult> HistoryAsync(long id, long? before, long? around, int? limit, HttpContext http, ChatAccess access, ChatLog log, ChatLimits limits, CancellationToken ct)
    {
        if (await Caller(http, access, ct) is not { } me || await access.ReadableAsync(id, me, ct) is not { } conversation) return ApiResults.NotFound("conversation");
        if (before is < 1 || around is < 1 || limit is < 1 or > ChatLog.MaxMessagesPerPage || (before is not null && around is not null))
            return ApiResults.Invalid([(limit is < 1 or > ChatLog.MaxMessagesPerPage ? "limit" : "before",
                limit is < 1 or > ChatLog.MaxMessagesPerPage ? $"Ask for 1 to {ChatLog.MaxMessagesPerPage} messages." : "Give before or around (a sequence number of 1 or more), not both.")]);
        if (limits.RefuseRead(conversation.TenantId, me) is { } tooMany) return TooMany(tooMany);
        return Results.Ok(await log.MessagesAsync(id, me, ct, beforeSeq: before, aroundSeq: around, limit: limit ?? 50));
    }

    private static async Task<IResult> AttachAsync(long id, HttpContext http, ChatAccess access, ChatLimits limits, ChatAttachments attachments, CancellationToken ct)
    {
        if (http.User.UserId() is not { } me || await access.SendableAsync(id, me, ct) is not ({ } conversation, var refusal)) return ApiResults.NotFound("conversation");
        if (refusal is not null) return ApiResults.Forbidden(refusal);
        if (limits.RefuseSend(conversation.TenantId, me) is { } tooMany) return TooMany(tooMany);
        if (!http.Request.HasFormContentType || (await http.Request.ReadFormAsync(ct)).Files.GetFile("file") is not { } upload)
            return ApiResults.Invalid([("file", "Send the file as multipart/form-data, in a field named file.")]);
        var (file, problem) = await attachments.SaveAsync(conversation, me, upload, ct);
        if (file is null) return ApiResults.Invalid([("file", problem!)]);
        return Results.Created(file.Url, new ChatAttachmentView(file.Url, file.FileName, file.IsImage, file.Size, file.Markdown));
    }

    private static async Task<IResult> ArchiveAsync(long id, bool archived, HttpContext http, ChatAccess access, ChatConversations conversations, ChatLog log, CancellationToken ct)
    {
        if (await Caller(http, access, ct) is not { } me || await access.ReadableAsync(id, me, ct) is not { } conversation) return ApiResults.NotFound("conversation");
        if (await access.CannotManageAsync(conversation, me, ct) is { } refusal) return ApiResults.Forbidden(refusal);
        await log.ArchiveAsync(conversation, (await conversations.PersonAsync(me, ct))!, archived, ct);
        return Results.NoContent();
    }

    private static async Task<IResult> SearchAsync(string? q, long? before, HttpContext http, ChatAccess access, ChatConversations conversations, ChatLimits limits, ITenantContext tenant, CancellationToken ct)
    {
        if (await Caller(http, access, ct) is not { } me) return ApiResults.Forbidden();
        if (q is not { Length: > 0 and <= 200 } || WordSearch.Words(q).Count == 0)
            return ApiResults.Invalid([("q", "Search for a word of two letters or more (200 characters at most).")]);
        if (limits.RefuseRead(tenant.Workspace().Id, me) is { } tooMany) return TooMany(tooMany);
        return Results.Ok(await conversations.SearchAsync(me, q, before, ct));
    }

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult TooMany(string detail) => TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests.", detail: detail);

    // The caller, while they are a member of this workspace.
    private static async Task<Guid?> Caller(HttpContext http, ChatAccess access, CancellationToken ct) =>
        http.User.UserId() is { } me && WorkspacePermissions.CanRead(await access.RoleAsync(me, ct)) ? me : null;

    // The caller, or the answer instead: 403 outside the workspace, 429 over their budget of reads (or of sends, for a change).
    private static async Task<(Guid Me, IResult? Refused)> BudgetedCallerAsync(HttpContext http, ChatAccess access, ChatLimits limits, bool write, CancellationToken ct)
    {
        if (await Caller(http, access, ct) is not { } me) return (default, ApiResults.Forbidden());
        var tenant = http.RequestServices.GetRequiredService<ITenantContext>().Workspace().Id;
        return (write ? limits.RefuseSend(tenant, me) : limits.RefuseRead(tenant, me)) is { } tooMany ? (me, TooMany(tooMany)) : (me, null);
    }

    private static async Task<IResult> CreateAsync(ConversationRequest request, HttpContext http, ChatAccess access, ChatConversations conversations, CancellationToken ct)
    {
        if (await Caller(http, access, ct) is not { } me || await conversations.PersonAsync(me, ct) is not { } person) return ApiResults.Forbidden();
        var kind = request.Kind?.Trim().ToLowerInvariant();
        var (conversation, problem) = kind switch
        {
            "public" or "private" => await conversations.CreateChannelAsync(person, request.Name, request.Topic, kind == "private", ct),
            "direct" or "group" => await conversations.DirectAsync(person, request.Members ?? [], ct),
            _ => ((Conversation?)null, (string?)"Say which kind: public, private or direct."),
        };
        if (conversation is null)
            return problem!.StartsWith("Viewers", StringComparison.Ordinal) ? ApiResults.Forbidden(problem) : ApiResults.Invalid([(kind is "direct" or "group" ? "members" : kind is "public" or "private" ? "name" : "kind", problem!)]);
        var summary = (await conversations.ListAsync(me, ct, only: conversation.Id)).Single();
        return Results.Created($"/api/v1/chat/conversations/{conversation.Id}/events", summary);
    }

    private static async Task<IResult> MembershipAsync(long id, bool join, HttpContext http, ChatAccess access, ChatConversations conversations, ChatLog log, CancellationToken ct)
    {
        if (await Caller(http, access, ct) is not { } me || await access.ReadableAsync(id, me, ct) is not { } conversation) return ApiResults.NotFound("conversation");
        var person = (await conversations.PersonAsync(me, ct))!;
        if (!join)
        {
            if (!conversation.IsChannel) return ApiResults.Invalid([("id", "Direct conversations are not left; mute them instead.")]);
            return await log.LeaveAsync(conversation, person, ct) ? Results.NoContent() : ApiResults.Invalid([("id", "You are not in this channel.")]);
        }

        if (await access.CannotCreateAsync(me, ct) is { } refusal) return ApiResults.Forbidden(refusal);
        if (conversation.ArchivedAt is not null) return ApiResults.Invalid([("id", "This channel is archived.")]);
        await log.JoinAsync(conversation, person, ct);
        return Results.NoContent();
    }

    private static async Task<IResult> AddMemberAsync(long id, MemberRequest request, HttpContext http, ChatAccess access, ChatConversations conversations, ChatLog log, CancellationToken ct)
    {
        if (await Caller(http, access, ct) is not { } me || await access.ReadableAsync(id, me, ct) is not { } conversation) return ApiResults.NotFound("conversation");
        if (!conversation.IsChannel) return ApiResults.Invalid([("id", "Direct conversations keep their people; start another one instead.")]);
        if (await access.CannotSendAsync(conversation, me, ct) is { } refusal) return ApiResults.Forbidden(refusal);
        if (await conversations.MemberNamedAsync(request.UserName, ct) is not { } person) return ApiResults.Invalid([("userName", "No member of this workspace has that username.")]);
        await log.JoinAsync(conversation, person, ct);
        return Results.NoContent();
    }

    private static async Task<IResult> RemoveMemberAsync(long id, string userName, HttpContext http, ChatAccess access, ChatConversations conversations, ChatLog log, CancellationToken ct)
    {
        if (await Caller(http, access, ct) is not { } me || await access.ReadableAsync(id, me, ct) is not { IsChannel: true } conversation) return ApiResults.NotFound("conversation");
        if (await conversations.MemberNamedAsync(userName, ct) is not { } person) return ApiResults.NotFound("member");
        if (person.Id != me && await access.CannotManageAsync(conversation, me, ct) is not null)
            return ApiResults.Forbidden("Only the channel's creator and workspace Admins take others out of it.");
        return await log.LeaveAsync(conversation, person, ct) ? Results.NoContent() : ApiResults.NotFound("member of this channel");
    }

    private static async Task<IResult> ReactAsync(long id, string emoji, bool on, HttpContext http, ChatAccess access, ChatConversations conversations, ChatLog log, ChatLimits limits, CancellationToken ct)
    {
        if (await Caller(http, access, ct) is not { } me) return ApiResults.NotFound("message");
        if (!ChatReaction.IsEmoji(emoji)) return ApiResults.Invalid([("emoji", "React with one emoji.")]);
        var (message, conversation, refusal) = await access.ReactableAsync(id, me, ct);
        if (message is null || conversation is null) return ApiResults.NotFound("message");
        if (refusal is not null) return ApiResults.Forbidden(refusal);
        if (limits.RefuseSend(conversation.TenantId, me) is { } tooMany) return TooMany(tooMany);
        await log.ReactAsync(message, (await conversations.PersonAsync(me, ct))!, emoji, on, ct);
        return Results.NoContent();
    }

    private static async Task<IResult> ChangeAsync(long id, string? text, HttpContext http, ChatAccess access, ChatLog log, ChatLimits limits, CancellationToken ct)
    {
        if (await Caller(http, access, ct) is not { } me) return ApiResults.NotFound("message");
        var (message, conversation, refusal) = await access.ChangeableAsync(id, me, deleting: text is null, ct);
        if (message is null || conversation is null) return ApiResults.NotFound("message");
        if (refusal is not null) return ApiResults.Forbidden(refusal);
        if (limits.RefuseSend(conversation.TenantId, me) is { } tooMany) return TooMany(tooMany);
        var (changed, problem) = await log.ChangeAsync(message, text, ct);
        return changed is not null ? Results.Ok(changed) : ApiResults.Invalid([("text", problem!)]);
    }

    private static async Task<IResult> EventsAsync(long id, long? after, int? limit, HttpContext http, ChatAccess access, ChatLog log, ChatLimits limits, CancellationToken ct)
    {
        if (await Caller(http, access, ct) is not { } me || await access.ReadableAsync(id, me, ct) is not { } conversation) return ApiResults.NotFound("conversation");
        if (limits.RefuseRead(conversation.TenantId, me) is { } tooMany) return TooMany(tooMany);
        if (after is < 0 || limit is < 1 or > ChatLog.MaxEventsPerAnswer)
            return ApiResults.Invalid([(after is < 0 ? "after" : "limit", after is < 0 ? "A sequence number is 0 or more." : $"Ask for 1 to {ChatLog.MaxEventsPerAnswer} events.")]);
        return Results.Ok(await log.EventsAfterAsync(id, after ?? 0, limit ?? 100, ct));
    }

    private static async Task<IResult> SendAsync(long id, MessageRequest request, HttpContext http, ChatAccess access, ChatConversations conversations, ChatLog log, ChatLimits limits, CancellationToken ct)
    {
        if (http.User.UserId() is not { } me || await access.SendableAsync(id, me, ct) is not ({ } conversation, var refusal)) return ApiResults.NotFound("conversation");
        if (refusal is not null) return ApiResults.Forbidden(refusal);
        if (limits.RefuseSend(conversation.TenantId, me) is { } tooMany) return TooMany(tooMany);
        var (sent, problem) = await log.SendAsync(conversation, (await conversations.PersonAsync(me, ct))!, request.Text, request.ClientMessageId, ct, request.ThreadRootId);
        if (sent is null)
            return ApiResults.Invalid([(problem!.Contains("id of your own", StringComparison.Ordinal) ? "clientMessageId" : problem.StartsWith("Reply", StringComparison.Ordinal) ? "threadRootId" : "text", problem)]);
        return Results.Created($"/api/v1/chat/conversations/{id}/events?after={sent.Seq - 1}&limit=1", sent);
    }
}
