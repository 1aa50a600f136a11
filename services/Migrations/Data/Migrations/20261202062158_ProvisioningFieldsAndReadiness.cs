using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Migration.Migrations.Data.Migrations
{
    /// <inheritdoc />
    public partial class ProvisioningFieldsAndReadiness : Microsoft.EntityFrameworkCore.Migrations.Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "license_sku",
                table: "projects",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "ready_at",
                table: "projects",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "usage_location",
                table: "projects",
                type: "character varying(2)",
                maxLength: 2,
                nullable: false,
                defaultValue: "US");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "license_sku",
                table: "projects");

            migrationBuilder.DropColumn(
                name: "ready_at",
                table: "projects");

            migrationBuilder.DropColumn(
                name: "usage_location",
                table: "projects");
        }
    }
}
