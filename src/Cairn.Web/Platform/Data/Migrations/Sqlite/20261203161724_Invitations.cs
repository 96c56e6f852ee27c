using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cairn.Web.Platform.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Invitations : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "join_domains",
                table: "tenancy_tenants",
                type: "TEXT",
                maxLength: 500,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<bool>(
                name: "open_joining",
                table: "tenancy_tenants",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "tenancy_invitations",
                columns: table => new
                {
                    id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    tenant_id = table.Column<int>(type: "INTEGER", nullable: false),
                    email = table.Column<string>(type: "TEXT", maxLength: 254, nullable: true),
                    token_hash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    role = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    created_by_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    expires_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    accepted_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    accepted_by_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    revoked_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    uses = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_tenancy_invitations", x => x.id);
                    table.ForeignKey(
                        name: "fk_tenancy_invitations_tenancy_tenants_tenant_id",
                        column: x => x.tenant_id,
                        principalTable: "tenancy_tenants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_tenancy_invitations_tenant_id",
                table: "tenancy_invitations",
                column: "tenant_id");

            migrationBuilder.CreateIndex(
                name: "ix_tenancy_invitations_token_hash",
                table: "tenancy_invitations",
                column: "token_hash",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "tenancy_invitations");

            migrationBuilder.DropColumn(
                name: "join_domains",
                table: "tenancy_tenants");

            migrationBuilder.DropColumn(
                name: "open_joining",
                table: "tenancy_tenants");
        }
    }
}
