using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cairn.Web.Platform.Data.Migrations.Postgres
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
                type: "integer",
                nullable: true);

            // Work written before this column named its workspace in the payload: it runs there after the upgrade.
            // (Frozen history: the SQL is written out here, not taken from code that may change.)
            migrationBuilder.Sql("""
                UPDATE platform_outbox o SET tenant_id = t.id FROM tenancy_tenants t
                WHERE o.tenant_id IS NULL AND o.completed_at IS NULL AND t.slug = (o.payload::jsonb ->> 'workspace')
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
