using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cairn.Web.Platform.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class JobScheduleAndTaskReminders : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "reminded_due_at",
                table: "tasks_items",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "run_at",
                table: "platform_outbox",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_tasks_items_open_due_at",
                table: "tasks_items",
                column: "due_at",
                filter: "status = 0");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_tasks_items_open_due_at",
                table: "tasks_items");

            migrationBuilder.DropColumn(
                name: "reminded_due_at",
                table: "tasks_items");

            migrationBuilder.DropColumn(
                name: "run_at",
                table: "platform_outbox");
        }
    }
}
