using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CodeTether.Workers.Data.Migrations
{
    /// <inheritdoc />
    public partial class RunTurns : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropPrimaryKey(
                name: "pk_runs",
                table: "runs");

            migrationBuilder.DropColumn(
                name: "succeeded",
                table: "runs");

            migrationBuilder.AddColumn<int>(
                name: "turn",
                table: "runs",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "outcome",
                table: "runs",
                type: "character varying(16)",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddPrimaryKey(
                name: "pk_runs",
                table: "runs",
                columns: new[] { "run_id", "turn" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropPrimaryKey(
                name: "pk_runs",
                table: "runs");

            migrationBuilder.DropColumn(
                name: "turn",
                table: "runs");

            migrationBuilder.DropColumn(
                name: "outcome",
                table: "runs");

            migrationBuilder.AddColumn<bool>(
                name: "succeeded",
                table: "runs",
                type: "boolean",
                nullable: true);

            migrationBuilder.AddPrimaryKey(
                name: "pk_runs",
                table: "runs",
                column: "run_id");
        }
    }
}
