using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ImageSaga.Orchestrator.Persistence.Migrations.Sqlite
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
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "image_batches",
                columns: table => new
                {
                    CorrelationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CurrentState = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    UserId = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    MaxInFlight = table.Column<int>(type: "INTEGER", nullable: false),
                    Total = table.Column<int>(type: "INTEGER", nullable: false),
                    Queued = table.Column<string>(type: "TEXT", nullable: false),
                    InFlight = table.Column<string>(type: "TEXT", nullable: false),
                    PeakInFlight = table.Column<int>(type: "INTEGER", nullable: false),
                    Completed = table.Column<int>(type: "INTEGER", nullable: false),
                    Failed = table.Column<int>(type: "INTEGER", nullable: false),
                    Stopped = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    FinishedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    HistoryLength = table.Column<int>(type: "INTEGER", nullable: false)
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
