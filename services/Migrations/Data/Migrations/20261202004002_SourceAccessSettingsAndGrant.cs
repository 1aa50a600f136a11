using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Migration.Migrations.Data.Migrations
{
    /// <inheritdoc />
    public partial class SourceAccessSettingsAndGrant : Microsoft.EntityFrameworkCore.Migrations.Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "source_access_grant_reference",
                table: "projects",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "source_max_concurrency",
                table: "projects",
                type: "integer",
                nullable: false,
                defaultValue: 8);

            migrationBuilder.AddColumn<int>(
                name: "source_recheck_every_hours",
                table: "projects",
                type: "integer",
                nullable: false,
                defaultValue: 24);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "source_access_grant_reference",
                table: "projects");

            migrationBuilder.DropColumn(
                name: "source_max_concurrency",
                table: "projects");

            migrationBuilder.DropColumn(
                name: "source_recheck_every_hours",
                table: "projects");
        }
    }
}
