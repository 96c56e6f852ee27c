using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cairn.Web.Platform.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ChatAttachmentMessages : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "message_id",
                table: "chat_attachments",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_chat_attachments_tenant_id_message_id_uploaded_at",
                table: "chat_attachments",
                columns: new[] { "tenant_id", "message_id", "uploaded_at" });

            // Files sent before this column: they belong to the first message of their uploader that links them.
            migrationBuilder.Sql("""
                UPDATE chat_attachments SET message_id = (
                    SELECT m.id FROM chat_messages m
                    WHERE m.conversation_id = chat_attachments.conversation_id AND m.author_id = chat_attachments.uploaded_by_id
                      AND m.text LIKE '%/chat/files/' || chat_attachments.token || '/%'
                    ORDER BY m.id LIMIT 1)
                WHERE message_id IS NULL;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_chat_attachments_tenant_id_message_id_uploaded_at",
                table: "chat_attachments");

            migrationBuilder.DropColumn(
                name: "message_id",
                table: "chat_attachments");
        }
    }
}
