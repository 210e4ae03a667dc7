using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CodeTether.Workers.Data.Migrations
{
    /// <inheritdoc />
    public partial class CodebaseTestCommand : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "test_command",
                table: "codebases",
                type: "text",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "test_command",
                table: "codebases");
        }
    }
}
