using Cairn.Web.Platform;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cairn.Web.Modules.Chat;

// Tables chat_*: one configuration per entity, found by CairnDbContext (docs/modules.md, "Tables").

internal sealed class ConversationConfiguration : IEntityTypeConfiguration<Conversation>
{
    public void Configure(EntityTypeBuilder<Conversation> conversation)
    {
        conversation.ToTable("chat_conversations");
        conversation.Property(c => c.Name).HasMaxLength(Conversation.MaxNameLength);
        conversation.Property(c => c.Topic).HasMaxLength(Conversation.MaxTopicLength);
        conversation.Property(c => c.DirectKey).HasMaxLength(Conversation.MaxGroupMembers * 33);
        // The sequence is moved on by ChatLog's UPDATE … RETURNING alone.
        conversation.Property(c => c.LastSeq).Metadata.SetAfterSaveBehavior(Microsoft.EntityFrameworkCore.Metadata.PropertySaveBehavior.Ignore);
        // One channel per name, one direct conversation per set of people, in a workspace.
        conversation.HasIndex(c => new { c.TenantId, c.Name }).IsUnique().HasFilter("name <> ''");
        conversation.HasIndex(c => new { c.TenantId, c.DirectKey }).IsUnique();
        conversation.HasOne<CairnUser>().WithMany().HasForeignKey(c => c.CreatedById).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ConversationMemberConfiguration : IEntityTypeConfiguration<ConversationMember>
{
    public void Configure(EntityTypeBuilder<ConversationMember> member)
    {
        member.ToTable("chat_members");
        member.HasKey(m => new { m.ConversationId, m.UserId });
        member.HasOne<Conversation>().WithMany().HasForeignKey(m => m.ConversationId).OnDelete(DeleteBehavior.Cascade);
        member.HasOne(m => m.User).WithMany().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Cascade);
        // A member's conversations.
        member.HasIndex(m => new { m.TenantId, m.UserId });
    }
}

internal sealed class ChatMessageConfiguration(DatabaseProvider provider) : IEntityTypeConfiguration<ChatMessage>
{
    /// <summary>PostgreSQL: the text's words (<see cref="WordSearch"/>).</summary>
    public const string SearchVectorColumn = "SearchVector";

    public void Configure(EntityTypeBuilder<ChatMessage> message)
    {
        message.ToTable("chat_messages");
        message.Property(m => m.ClientMessageId).HasMaxLength(ChatMessage.MaxClientIdLength);
        message.Property(m => m.Text).HasMaxLength(ChatMessage.MaxTextLength);
        message.HasOne<Conversation>().WithMany().HasForeignKey(m => m.ConversationId).OnDelete(DeleteBehavior.Cascade);
        message.HasOne(m => m.Author).WithMany().HasForeignKey(m => m.AuthorId).OnDelete(DeleteBehavior.Cascade);
        message.HasIndex(m => new { m.TenantId, m.ConversationId, m.Seq }).IsUnique();
        // A thread's replies, in order.
        message.HasOne<ChatMessage>().WithMany().HasForeignKey(m => m.ThreadRootId).OnDelete(DeleteBehavior.Cascade);
        message.HasIndex(m => new { m.TenantId, m.ThreadRootId, m.Seq });
        // A retried send finds the message it stored the first time.
        message.HasIndex(m => new { m.TenantId, m.ConversationId, m.AuthorId, m.ClientMessageId }).IsUnique();
        if (provider == DatabaseProvider.Postgres)
        {
            // Search: the text's words, kept by PostgreSQL, in a GIN index.
            message.Property<NpgsqlTypes.NpgsqlTsVector>(SearchVectorColumn).HasComputedColumnSql("to_tsvector('english', text)", stored: true);
            message.HasIndex(SearchVectorColumn).HasMethod("GIN");
        }
    }
}

internal sealed class ChatEventConfiguration : IEntityTypeConfiguration<ChatEvent>
{
    public void Configure(EntityTypeBuilder<ChatEvent> chatEvent)
    {
        chatEvent.ToTable("chat_events");
        chatEvent.Property(e => e.Type).HasMaxLength(20);
        chatEvent.HasOne<Conversation>().WithMany().HasForeignKey(e => e.ConversationId).OnDelete(DeleteBehavior.Cascade);
        // An event outlives a removed message (its number stays taken): no gap for those catching up.
        chatEvent.HasOne<ChatMessage>().WithMany().HasForeignKey(e => e.MessageId).OnDelete(DeleteBehavior.SetNull);
        // Catching up: a conversation's events after a number, in order; and no number twice.
        chatEvent.HasIndex(e => new { e.TenantId, e.ConversationId, e.Seq }).IsUnique();
    }
}

internal sealed class ChatConnectionConfiguration : IEntityTypeConfiguration<ChatConnection>
{
    public void Configure(EntityTypeBuilder<ChatConnection> connection)
    {
        connection.ToTable("chat_connections");
        connection.HasKey(c => c.ConnectionId);
        connection.Property(c => c.ConnectionId).HasMaxLength(ChatConnection.MaxIdLength);
        connection.HasOne<CairnUser>().WithMany().HasForeignKey(c => c.UserId).OnDelete(DeleteBehavior.Cascade);
        connection.HasIndex(c => new { c.TenantId, c.UserId });
        // Rows no instance renews any more.
        connection.HasIndex(c => new { c.TenantId, c.SeenAt });
    }
}

internal sealed class ChatAttachmentConfiguration : IEntityTypeConfiguration<ChatAttachment>
{
    public void Configure(EntityTypeBuilder<ChatAttachment> attachment)
    {
        attachment.ToTable("chat_attachments");
        attachment.Property(a => a.Token).HasMaxLength(32);
        attachment.Property(a => a.FileName).HasMaxLength(ChatAttachment.MaxFileNameLength);
        attachment.Property(a => a.Extension).HasMaxLength(8);
        attachment.HasIndex(a => new { a.TenantId, a.Token }).IsUnique();
        // Uploads not sent, oldest first (the sweep), and each member's (the limit on them).
        attachment.HasIndex(a => new { a.TenantId, a.MessageId, a.UploadedAt });
        attachment.HasOne<Conversation>().WithMany().HasForeignKey(a => a.ConversationId).OnDelete(DeleteBehavior.Cascade);
        attachment.HasOne<CairnUser>().WithMany().HasForeignKey(a => a.UploadedById).OnDelete(DeleteBehavior.Cascade);
        attachment.Ignore(a => a.Url);
        attachment.Ignore(a => a.Markdown);
    }
}

internal sealed class ChatMemberSettingsConfiguration : IEntityTypeConfiguration<ChatMemberSettings>
{
    public void Configure(EntityTypeBuilder<ChatMemberSettings> settings)
    {
        settings.ToTable("chat_settings");
        settings.HasKey(s => new { s.TenantId, s.UserId });
        settings.HasOne<CairnUser>().WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ChatReactionConfiguration : IEntityTypeConfiguration<ChatReaction>
{
    public void Configure(EntityTypeBuilder<ChatReaction> reaction)
    {
        reaction.ToTable("chat_reactions");
        reaction.HasKey(r => new { r.MessageId, r.UserId, r.Emoji });
        reaction.Property(r => r.Emoji).HasMaxLength(ChatReaction.MaxEmojiLength);
        reaction.HasOne<ChatMessage>().WithMany().HasForeignKey(r => r.MessageId).OnDelete(DeleteBehavior.Cascade);
        reaction.HasOne<CairnUser>().WithMany().HasForeignKey(r => r.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ChatMentionConfiguration : IEntityTypeConfiguration<ChatMention>
{
    public void Configure(EntityTypeBuilder<ChatMention> mention)
    {
        mention.ToTable("chat_mentions");
        mention.HasKey(m => new { m.MessageId, m.UserId });
        mention.HasOne<ChatMessage>().WithMany().HasForeignKey(m => m.MessageId).OnDelete(DeleteBehavior.Cascade);
        mention.HasOne<CairnUser>().WithMany().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Cascade);
        // A member's unread mentions per conversation.
        mention.HasIndex(m => new { m.TenantId, m.UserId, m.ConversationId, m.Seq });
    }
}
