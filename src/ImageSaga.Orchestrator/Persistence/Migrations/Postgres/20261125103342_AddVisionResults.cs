using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ImageSaga.Orchestrator.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class AddVisionResults : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Classification",
                table: "image_analysis_sagas",
                type: "jsonb",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Detection",
                table: "image_analysis_sagas",
                type: "jsonb",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Faces",
                table: "image_analysis_sagas",
                type: "jsonb",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Moderation",
                table: "image_analysis_sagas",
                type: "jsonb",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Classification",
                table: "image_analysis_sagas");

            migrationBuilder.DropColumn(
                name: "Detection",
                table: "image_analysis_sagas");

            migrationBuilder.DropColumn(
                name: "Faces",
                table: "image_analysis_sagas");

            migrationBuilder.DropColumn(
                name: "Moderation",
                table: "image_analysis_sagas");
        }
    }
}
