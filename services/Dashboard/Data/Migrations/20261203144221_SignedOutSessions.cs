using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Migration.Dashboard.Data.Migrations
{
    /// <inheritdoc />
    public partial class SignedOutSessions : Microsoft.EntityFrameworkCore.Migrations.Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "signed_out_sessions",
                columns: table => new
                {
                    session_id = table.Column<Guid>(type: "uuid", nullable: false),
                    signed_out_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_signed_out_sessions", x => x.session_id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_signed_out_sessions_signed_out_at",
                table: "signed_out_sessions",
                column: "signed_out_at");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "signed_out_sessions");
        }
    }
}
