using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cairn.Web.Platform.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ChatThreads : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "reply_count",
                table: "chat_messages",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<long>(
                name: "thread_root_id",
                table: "chat_messages",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_chat_messages_tenant_id_thread_root_id_seq",
                table: "chat_messages",
                columns: new[] { "tenant_id", "thread_root_id", "seq" });

            migrationBuilder.CreateIndex(
                name: "ix_chat_messages_thread_root_id",
                table: "chat_messages",
                column: "thread_root_id");

            migrationBuilder.AddForeignKey(
                name: "fk_chat_messages_chat_messages_thread_root_id",
                table: "chat_messages",
                column: "thread_root_id",
                principalTable: "chat_messages",
                principalColumn: "id",
                onDelete: ReferentialAction.Cascade);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_chat_messages_chat_messages_thread_root_id",
                table: "chat_messages");

            migrationBuilder.DropIndex(
                name: "ix_chat_messages_tenant_id_thread_root_id_seq",
                table: "chat_messages");

            migrationBuilder.DropIndex(
                name: "ix_chat_messages_thread_root_id",
                table: "chat_messages");

            migrationBuilder.DropColumn(
                name: "reply_count",
                table: "chat_messages");

            migrationBuilder.DropColumn(
                name: "thread_root_id",
                table: "chat_messages");
        }
    }
}
