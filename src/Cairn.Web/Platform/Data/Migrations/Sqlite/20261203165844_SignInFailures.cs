using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cairn.Web.Platform.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SignInFailures : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "accounts_sign_in_failures",
                columns: table => new
                {
                    id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    email_key = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    address = table.Column<string>(type: "TEXT", maxLength: 45, nullable: false),
                    failures = table.Column<int>(type: "INTEGER", nullable: false),
                    last_failed_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    blocked_until = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_accounts_sign_in_failures", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_accounts_sign_in_failures_email_key_address",
                table: "accounts_sign_in_failures",
                columns: new[] { "email_key", "address" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_accounts_sign_in_failures_last_failed_at",
                table: "accounts_sign_in_failures",
                column: "last_failed_at");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "accounts_sign_in_failures");
        }
    }
}
