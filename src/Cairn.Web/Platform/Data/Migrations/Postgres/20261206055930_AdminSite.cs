using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Cairn.Web.Platform.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class AdminSite : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "admin_bulk_jobs",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    tenant_id = table.Column<int>(type: "integer", nullable: false),
                    module = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    entity = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    action = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    action_label = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    selection = table.Column<string>(type: "text", nullable: false),
                    total = table.Column<int>(type: "integer", nullable: false),
                    read = table.Column<int>(type: "integer", nullable: false),
                    affected = table.Column<int>(type: "integer", nullable: false),
                    last_key = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    state = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    finished_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    lease_until = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    user_id = table.Column<Guid>(type: "uuid", nullable: true),
                    user_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    error = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_admin_bulk_jobs", x => x.id);
                    table.ForeignKey(
                        name: "fk_admin_bulk_jobs_accounts_users_user_id",
                        column: x => x.user_id,
                        principalTable: "accounts_users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "fk_admin_bulk_jobs_tenancy_tenants_tenant_id",
                        column: x => x.tenant_id,
                        principalTable: "tenancy_tenants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "admin_log",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    tenant_id = table.Column<int>(type: "integer", nullable: false),
                    at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: true),
                    user_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    module = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    entity = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    object_key = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    object_label = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    action = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    changes = table.Column<string>(type: "text", nullable: false),
                    revert_of = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_admin_log", x => x.id);
                    table.ForeignKey(
                        name: "fk_admin_log_accounts_users_user_id",
                        column: x => x.user_id,
                        principalTable: "accounts_users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "fk_admin_log_tenancy_tenants_tenant_id",
                        column: x => x.tenant_id,
                        principalTable: "tenancy_tenants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "admin_platform_log",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: true),
                    user_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    module = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    entity = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    object_key = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    object_label = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    action = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    changes = table.Column<string>(type: "text", nullable: false),
                    revert_of = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_admin_platform_log", x => x.id);
                    table.ForeignKey(
                        name: "fk_admin_platform_log_accounts_users_user_id",
                        column: x => x.user_id,
                        principalTable: "accounts_users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "admin_saved_views",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    tenant_id = table.Column<int>(type: "integer", nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    module = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    entity = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    query = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_admin_saved_views", x => x.id);
                    table.ForeignKey(
                        name: "fk_admin_saved_views_accounts_users_user_id",
                        column: x => x.user_id,
                        principalTable: "accounts_users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_admin_saved_views_tenancy_tenants_tenant_id",
                        column: x => x.tenant_id,
                        principalTable: "tenancy_tenants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_admin_bulk_jobs_tenant_id",
                table: "admin_bulk_jobs",
                column: "tenant_id");

            migrationBuilder.CreateIndex(
                name: "ix_admin_bulk_jobs_user_id",
                table: "admin_bulk_jobs",
                column: "user_id");

            migrationBuilder.CreateIndex(
                name: "ix_admin_log_tenant_id_id",
                table: "admin_log",
                columns: new[] { "tenant_id", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_admin_log_tenant_id_module_entity_object_key_id",
                table: "admin_log",
                columns: new[] { "tenant_id", "module", "entity", "object_key", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_admin_log_user_id",
                table: "admin_log",
                column: "user_id");

            migrationBuilder.CreateIndex(
                name: "ix_admin_platform_log_module_entity_object_key_id",
                table: "admin_platform_log",
                columns: new[] { "module", "entity", "object_key", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_admin_platform_log_user_id",
                table: "admin_platform_log",
                column: "user_id");

            migrationBuilder.CreateIndex(
                name: "ix_admin_saved_views_tenant_id_user_id_module_entity_name",
                table: "admin_saved_views",
                columns: new[] { "tenant_id", "user_id", "module", "entity", "name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_admin_saved_views_user_id",
                table: "admin_saved_views",
                column: "user_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "admin_bulk_jobs");

            migrationBuilder.DropTable(
                name: "admin_log");

            migrationBuilder.DropTable(
                name: "admin_platform_log");

            migrationBuilder.DropTable(
                name: "admin_saved_views");
        }
    }
}
