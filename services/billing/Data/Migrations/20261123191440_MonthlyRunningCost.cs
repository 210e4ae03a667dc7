using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CodeTether.Billing.Data.Migrations
{
    /// <inheritdoc />
    public partial class MonthlyRunningCost : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "cost_month",
                table: "tenant_spending",
                type: "character varying(7)",
                maxLength: 7,
                nullable: true);

            migrationBuilder.AddColumn<decimal>(
                name: "month_cost",
                table: "tenant_spending",
                type: "numeric(20,10)",
                precision: 20,
                scale: 10,
                nullable: false,
                defaultValue: 0m);

            // Existing tenants start from their latest month's records.
            migrationBuilder.Sql("""
                UPDATE tenant_spending s
                SET cost_month = latest.month, month_cost = latest.cost
                FROM (SELECT DISTINCT ON (tenant_id) tenant_id, month, sum(cost) AS cost
                      FROM usage_records GROUP BY tenant_id, month ORDER BY tenant_id, month DESC) AS latest
                WHERE s.tenant_id = latest.tenant_id
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "cost_month",
                table: "tenant_spending");

            migrationBuilder.DropColumn(
                name: "month_cost",
                table: "tenant_spending");
        }
    }
}
