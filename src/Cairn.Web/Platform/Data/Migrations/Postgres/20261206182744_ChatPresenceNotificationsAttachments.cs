using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;
using NpgsqlTypes;

#nullable disable

namespace Cairn.Web.Platform.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ChatPresenceNotificationsAttachments : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "away",
                table: "chat_connections",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<DateTime>(
                name: "seen_at",
                table: "chat_connections",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified));

            migrationBuilder.AddColumn<NpgsqlTsVector>(
                name: "search_vector",
                table: "chat_messages",
                type: "tsvector",
                nullable: true,
                computedColumnSql: "to_tsvector('english', text)",
                stored: true);

            migrationBuilder.CreateTable(
                name: "chat_attachments",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    tenant_id = table.Column<int>(type: "integer", nullable: false),
                    conversation_id = table.Column<long>(type: "bigint", nullable: false),
                    token = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    file_name = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    extension = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    is_image = table.Column<bool>(type: "boolean", nullable: false),
                    size = table.Column<long>(type: "bigint", nullable: false),
                    width = table.Column<int>(type: "integer", nullable: false),
                    height = table.Column<int>(type: "integer", nullable: false),
                    uploaded_by_id = table.Column<Guid>(type: "uuid", nullable: false),
                    uploaded_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_chat_attachments", x => x.id);
                    table.ForeignKey(
                        name: "fk_chat_attachments_accounts_users_uploaded_by_id",
                        column: x => x.uploaded_by_id,
                        principalTable: "accounts_users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_chat_attachments_conversation_conversation_id",
                        column: x => x.conversation_id,
                        principalTable: "chat_conversations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "chat_settings",
                columns: table => new
                {
                    tenant_id = table.Column<int>(type: "integer", nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    share_read_receipts = table.Column<bool>(type: "boolean", nullable: false),
                    email_missed = table.Column<bool>(type: "boolean", nullable: false),
                    digest_until = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_chat_settings", x => new { x.tenant_id, x.user_id });
                    table.ForeignKey(
                        name: "fk_chat_settings_accounts_users_user_id",
                        column: x => x.user_id,
                        principalTable: "accounts_users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_chat_messages_search_vector",
                table: "chat_messages",
                column: "search_vector")
                .Annotation("Npgsql:IndexMethod", "GIN");

            migrationBuilder.CreateIndex(
                name: "ix_chat_connections_tenant_id_seen_at",
                table: "chat_connections",
                columns: new[] { "tenant_id", "seen_at" });

            migrationBuilder.CreateIndex(
                name: "ix_chat_attachments_conversation_id",
                table: "chat_attachments",
                column: "conversation_id");

            migrationBuilder.CreateIndex(
                name: "ix_chat_attachments_tenant_id_token",
                table: "chat_attachments",
                columns: new[] { "tenant_id", "token" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_chat_attachments_uploaded_by_id",
                table: "chat_attachments",
                column: "uploaded_by_id");

            migrationBuilder.CreateIndex(
                name: "ix_chat_settings_tenant_id",
                table: "chat_settings",
                column: "tenant_id");

            migrationBuilder.CreateIndex(
                name: "ix_chat_settings_user_id",
                table: "chat_settings",
                column: "user_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "chat_attachments");

            migrationBuilder.DropTable(
                name: "chat_settings");

            migrationBuilder.DropIndex(
                name: "ix_chat_messages_search_vector",
                table: "chat_messages");

            migrationBuilder.DropIndex(
                name: "ix_chat_connections_tenant_id_seen_at",
                table: "chat_connections");

            migrationBuilder.DropColumn(
                name: "search_vector",
                table: "chat_messages");

            migrationBuilder.DropColumn(
                name: "away",
                table: "chat_connections");

            migrationBuilder.DropColumn(
                name: "seen_at",
                table: "chat_connections");
        }
    }
}
