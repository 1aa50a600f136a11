using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Migration.Migrations.Data.Migrations
{
    /// <inheritdoc />
    public partial class Initial : Microsoft.EntityFrameworkCore.Migrations.Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "inbox_messages",
                columns: table => new
                {
                    message_id = table.Column<Guid>(type: "uuid", nullable: false),
                    consumer = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    processed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_inbox_messages", x => new { x.message_id, x.consumer });
                });

            migrationBuilder.CreateTable(
                name: "outbox_messages",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    sequence = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    message_type = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    payload = table.Column<string>(type: "jsonb", nullable: false),
                    correlation_id = table.Column<Guid>(type: "uuid", nullable: false),
                    occurred_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    sent_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    attempts = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_outbox_messages", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "projects",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    operator_id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    customer_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    customer_domain = table.Column<string>(type: "character varying(253)", maxLength: 253, nullable: false),
                    source_kind = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    source_access_method = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    source_host = table.Column<string>(type: "text", nullable: true),
                    source_port = table.Column<int>(type: "integer", nullable: true),
                    source_use_tls = table.Column<bool>(type: "boolean", nullable: true),
                    source_ews_url = table.Column<string>(type: "text", nullable: true),
                    source_tenant_id = table.Column<string>(type: "text", nullable: true),
                    source_google_domain = table.Column<string>(type: "text", nullable: true),
                    destination_tenant_domain = table.Column<string>(type: "text", nullable: false),
                    destination_tenant_id = table.Column<string>(type: "text", nullable: true),
                    create_accounts = table.Column<bool>(type: "boolean", nullable: false),
                    set_destination_passwords = table.Column<bool>(type: "boolean", nullable: false),
                    outlook_assistant = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    credential_mode = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    migration_type = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    password_max_age_days = table.Column<int>(type: "integer", nullable: true),
                    cutover_date = table.Column<DateOnly>(type: "date", nullable: true),
                    source_access_status = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    source_access_reason = table.Column<string>(type: "text", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_projects", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "mailboxes",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    project_id = table.Column<Guid>(type: "uuid", nullable: false),
                    operator_id = table.Column<Guid>(type: "uuid", nullable: false),
                    sequence = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    source_address = table.Column<string>(type: "text", nullable: false),
                    destination_upn = table.Column<string>(type: "text", nullable: false),
                    display_name = table.Column<string>(type: "text", nullable: true),
                    first_name = table.Column<string>(type: "text", nullable: true),
                    last_name = table.Column<string>(type: "text", nullable: true),
                    password_last_set = table.Column<DateOnly>(type: "date", nullable: true),
                    password_expires = table.Column<DateOnly>(type: "date", nullable: true),
                    state = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    source_status = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    source_reason = table.Column<string>(type: "text", nullable: true),
                    destination_status = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    destination_reason = table.Column<string>(type: "text", nullable: true),
                    provisioning_status = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    provisioning_reason = table.Column<string>(type: "text", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_mailboxes", x => x.id);
                    table.ForeignKey(
                        name: "FK_mailboxes_projects_project_id",
                        column: x => x.project_id,
                        principalTable: "projects",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_mailboxes_project_id_sequence",
                table: "mailboxes",
                columns: new[] { "project_id", "sequence" });

            migrationBuilder.CreateIndex(
                name: "IX_mailboxes_project_id_source_address",
                table: "mailboxes",
                columns: new[] { "project_id", "source_address" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_mailboxes_project_id_state",
                table: "mailboxes",
                columns: new[] { "project_id", "state" });

            migrationBuilder.CreateIndex(
                name: "ix_outbox_unsent",
                table: "outbox_messages",
                column: "sequence",
                filter: "sent_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_projects_operator_id_created_at",
                table: "projects",
                columns: new[] { "operator_id", "created_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "inbox_messages");

            migrationBuilder.DropTable(
                name: "mailboxes");

            migrationBuilder.DropTable(
                name: "outbox_messages");

            migrationBuilder.DropTable(
                name: "projects");
        }
    }
}
