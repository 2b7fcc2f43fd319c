using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ImageSaga.Orchestrator.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class AddBatches : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "BatchId",
                table: "image_analysis_sagas",
                type: "uuid",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "image_batches",
                columns: table => new
                {
                    CorrelationId = table.Column<Guid>(type: "uuid", nullable: false),
                    CurrentState = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    UserId = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    MaxInFlight = table.Column<int>(type: "integer", nullable: false),
                    Total = table.Column<int>(type: "integer", nullable: false),
                    Queued = table.Column<string>(type: "jsonb", nullable: false),
                    InFlight = table.Column<string>(type: "jsonb", nullable: false),
                    PeakInFlight = table.Column<int>(type: "integer", nullable: false),
                    Completed = table.Column<int>(type: "integer", nullable: false),
                    Failed = table.Column<int>(type: "integer", nullable: false),
                    Stopped = table.Column<int>(type: "integer", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    FinishedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    HistoryLength = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_image_batches", x => x.CorrelationId);
                });

            migrationBuilder.CreateIndex(
                name: "IX_image_analysis_sagas_BatchId",
                table: "image_analysis_sagas",
                column: "BatchId");

            migrationBuilder.CreateIndex(
                name: "IX_image_batches_UserId_CreatedAt",
                table: "image_batches",
                columns: new[] { "UserId", "CreatedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "image_batches");

            migrationBuilder.DropIndex(
                name: "IX_image_analysis_sagas_BatchId",
                table: "image_analysis_sagas");

            migrationBuilder.DropColumn(
                name: "BatchId",
                table: "image_analysis_sagas");
        }
    }
}
