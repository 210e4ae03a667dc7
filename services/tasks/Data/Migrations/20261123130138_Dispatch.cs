using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CodeTether.Tasks.Data.Migrations
{
    /// <inheritdoc />
    public partial class Dispatch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "exchanges",
                table: "task_lifecycle",
                type: "jsonb",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "question",
                table: "task_lifecycle",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "timeout_token_id",
                table: "task_lifecycle",
                type: "uuid",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "dispatch_slots",
                columns: table => new
                {
                    task_id = table.Column<Guid>(type: "uuid", nullable: false),
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    priority = table.Column<int>(type: "integer", nullable: false),
                    queued_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    dispatched_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_dispatch_slots", x => x.task_id);
                });

            migrationBuilder.CreateTable(
                name: "tenant_plans",
                columns: table => new
                {
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    plan = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_tenant_plans", x => x.tenant_id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_dispatch_slots_tenant_id_dispatched_at_priority_queued_at",
                table: "dispatch_slots",
                columns: new[] { "tenant_id", "dispatched_at", "priority", "queued_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "dispatch_slots");

            migrationBuilder.DropTable(
                name: "tenant_plans");

            migrationBuilder.DropColumn(
                name: "exchanges",
                table: "task_lifecycle");

            migrationBuilder.DropColumn(
                name: "question",
                table: "task_lifecycle");

            migrationBuilder.DropColumn(
                name: "timeout_token_id",
                table: "task_lifecycle");
        }
    }
}
