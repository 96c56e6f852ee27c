using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cairn.Web.Platform.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class OutboxWorkspace : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "tenant_id",
                table: "platform_outbox",
                type: "INTEGER",
                nullable: true);

            // Work written before this column named its workspace in the payload: it runs there after the upgrade.
            // (Frozen history: the SQL is written out here, not taken from code that may change.)
            migrationBuilder.Sql("""
                UPDATE platform_outbox SET tenant_id = (SELECT t.id FROM tenancy_tenants t WHERE t.slug = json_extract(platform_outbox.payload, '$.workspace'))
                WHERE tenant_id IS NULL AND completed_at IS NULL AND json_valid(payload)
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "tenant_id",
                table: "platform_outbox");
        }
    }
}
