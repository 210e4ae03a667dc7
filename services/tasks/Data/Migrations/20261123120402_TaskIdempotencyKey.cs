using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CodeTether.Tasks.Data.Migrations
{
    /// <inheritdoc />
    public partial class TaskIdempotencyKey : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "idempotency_key",
                table: "tasks",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_tasks_tenant_id_idempotency_key",
                table: "tasks",
                columns: new[] { "tenant_id", "idempotency_key" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_tasks_tenant_id_idempotency_key",
                table: "tasks");

            migrationBuilder.DropColumn(
                name: "idempotency_key",
                table: "tasks");
        }
    }
}
