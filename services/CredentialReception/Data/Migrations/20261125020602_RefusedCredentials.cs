using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Migration.CredentialReception.Data.Migrations
{
    /// <inheritdoc />
    public partial class RefusedCredentials : Microsoft.EntityFrameworkCore.Migrations.Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "refused_at",
                table: "credentials",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "refused_reason",
                table: "credentials",
                type: "text",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "refused_at",
                table: "credentials");

            migrationBuilder.DropColumn(
                name: "refused_reason",
                table: "credentials");
        }
    }
}
