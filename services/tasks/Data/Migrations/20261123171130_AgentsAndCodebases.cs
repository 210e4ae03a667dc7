using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CodeTether.Tasks.Data.Migrations
{
    /// <inheritdoc />
    public partial class AgentsAndCodebases : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "agent_name",
                table: "tasks",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "deadline_seconds",
                table: "tasks",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "deadline_token_id",
                table: "task_lifecycle",
                type: "uuid",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "codebases",
                columns: table => new
                {
                    id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    agent_name = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    registered_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_codebases", x => x.id);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "codebases");

            migrationBuilder.DropColumn(
                name: "agent_name",
                table: "tasks");

            migrationBuilder.DropColumn(
                name: "deadline_seconds",
                table: "tasks");

            migrationBuilder.DropColumn(
                name: "deadline_token_id",
                table: "task_lifecycle");
        }
    }
}
