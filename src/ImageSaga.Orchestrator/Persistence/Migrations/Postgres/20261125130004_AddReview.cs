using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ImageSaga.Orchestrator.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class AddReview : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "ReviewDeadlineAt",
                table: "image_analysis_sagas",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ReviewDecision",
                table: "image_analysis_sagas",
                type: "character varying(16)",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ReviewReason",
                table: "image_analysis_sagas",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ReviewToken",
                table: "image_analysis_sagas",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ReviewedBy",
                table: "image_analysis_sagas",
                type: "character varying(128)",
                maxLength: 128,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_image_analysis_sagas_ReviewToken",
                table: "image_analysis_sagas",
                column: "ReviewToken",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_image_analysis_sagas_ReviewToken",
                table: "image_analysis_sagas");

            migrationBuilder.DropColumn(
                name: "ReviewDeadlineAt",
                table: "image_analysis_sagas");

            migrationBuilder.DropColumn(
                name: "ReviewDecision",
                table: "image_analysis_sagas");

            migrationBuilder.DropColumn(
                name: "ReviewReason",
                table: "image_analysis_sagas");

            migrationBuilder.DropColumn(
                name: "ReviewToken",
                table: "image_analysis_sagas");

            migrationBuilder.DropColumn(
                name: "ReviewedBy",
                table: "image_analysis_sagas");
        }
    }
}
