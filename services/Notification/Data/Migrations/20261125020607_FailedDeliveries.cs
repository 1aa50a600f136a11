using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Migration.Notification.Data.Migrations
{
    /// <inheritdoc />
    public partial class FailedDeliveries : Microsoft.EntityFrameworkCore.Migrations.Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "error",
                table: "message_log",
                type: "text",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "error",
                table: "message_log");
        }
    }
}
