using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CodeTether.Tasks.Data.Migrations
{
    /// <inheritdoc />
    public partial class Journal : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "journal_messages",
                columns: table => new
                {
                    offset = table.Column<long>(type: "bigint", nullable: false),
                    message_id = table.Column<Guid>(type: "uuid", nullable: true),
                    message_type = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    task_id = table.Column<Guid>(type: "uuid", nullable: true),
                    correlation_id = table.Column<Guid>(type: "uuid", nullable: true),
                    conversation_id = table.Column<Guid>(type: "uuid", nullable: true),
                    service = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    source_address = table.Column<string>(type: "text", nullable: true),
                    destination_address = table.Column<string>(type: "text", nullable: true),
                    sent_time = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    entry = table.Column<string>(type: "jsonb", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_journal_messages", x => x.offset);
                });

            migrationBuilder.CreateIndex(
                name: "ix_journal_messages_message_type",
                table: "journal_messages",
                column: "message_type");

            migrationBuilder.CreateIndex(
                name: "ix_journal_messages_sent_time",
                table: "journal_messages",
                column: "sent_time");

            migrationBuilder.CreateIndex(
                name: "ix_journal_messages_task_id_sent_time",
                table: "journal_messages",
                columns: new[] { "task_id", "sent_time" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "journal_messages");
        }
    }
}
