using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ImageSaga.Orchestrator.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class AddEnrichmentInsights : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Insights",
                table: "image_analysis_sagas",
                type: "jsonb",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Insights",
                table: "image_analysis_sagas");
        }
    }
}
