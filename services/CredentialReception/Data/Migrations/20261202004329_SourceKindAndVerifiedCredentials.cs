using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Migration.CredentialReception.Data.Migrations
{
    /// <inheritdoc />
    public partial class SourceKindAndVerifiedCredentials : Microsoft.EntityFrameworkCore.Migrations.Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "source_access_method",
                table: "projects",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "source_kind",
                table: "projects",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "verified_at",
                table: "credentials",
                type: "timestamp with time zone",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "source_access_method",
                table: "projects");

            migrationBuilder.DropColumn(
                name: "source_kind",
                table: "projects");

            migrationBuilder.DropColumn(
                name: "verified_at",
                table: "credentials");
        }
    }
}
