using MassTransit;
using Microsoft.EntityFrameworkCore;
using Migration.Contracts.Events;
using Migration.Messaging;
using Migration.Provisioning.Data;

namespace Migration.Provisioning.Consumers;

/// <summary>
/// A mailbox to provision: its job row, due now. A request with a newer credential reference (the vault's UUIDv7s sort
/// in the order they were stored) supersedes the mailbox's earlier one and runs again, keeping what is known to be done at
/// Graph. The same reference requested again later, after its job failed, is a retry (the operator fixed the cause) and
/// runs again the same way; a redelivery, or an older reference, changes nothing, and neither does a request for a
/// project that has completed.
/// </summary>
public sealed class ProvisioningRequestedConsumer(ProvisioningDbContext db, TimeProvider clock)
    : IdempotentConsumer<ProvisioningRequested, ProvisioningDbContext>(db)
{
    protected override async Task HandleAsync(ConsumeContext<ProvisioningRequested> context, CancellationToken cancellationToken)
    {
        var m = context.Message;
        var now = clock.GetUtcNow();
        var action = m.Action.ToString();
        var tenant = m.Tenant.Trim().ToLowerInvariant();
        var upn = m.DestinationUpn.Trim();
        var usageLocation = string.IsNullOrWhiteSpace(m.UsageLocation) ? "US" : m.UsageLocation.Trim().ToUpperInvariant();
        var licenseSku = string.IsNullOrWhiteSpace(m.LicenseSku) ? null : m.LicenseSku.Trim();
        await Db.Database.ExecuteSqlAsync($"""
            INSERT INTO provisioning_jobs (mailbox_id, project_id, operator_id, correlation_id, action, tenant, upn, display_name, first_name,
                last_name, usage_location, license_sku, credential_reference, requested_at, status, adopted, attempts, due_at)
            SELECT {m.MailboxId}, {m.ProjectId}, {m.OperatorId}, {m.CorrelationId}, {action}, {tenant}, {upn}, {m.DisplayName}, {m.FirstName},
                {m.LastName}, {usageLocation}, {licenseSku}, {m.DestinationCredentialReference}, {m.RequestedAt}, 'Pending', false, 0, {now}
            WHERE NOT EXISTS (SELECT 1 FROM completed_projects WHERE project_id = {m.ProjectId})
            ON CONFLICT (mailbox_id) DO UPDATE SET project_id = excluded.project_id, operator_id = excluded.operator_id,
                correlation_id = excluded.correlation_id, action = excluded.action, tenant = excluded.tenant, upn = excluded.upn,
                display_name = excluded.display_name, first_name = excluded.first_name, last_name = excluded.last_name,
                usage_location = excluded.usage_location, license_sku = excluded.license_sku,
                credential_reference = excluded.credential_reference, requested_at = excluded.requested_at,
                status = 'Pending', reason = NULL, completed_at = NULL, attempts = 0, first_attempt_at = NULL, due_at = excluded.due_at
            WHERE provisioning_jobs.credential_reference < excluded.credential_reference
               OR (provisioning_jobs.credential_reference = excluded.credential_reference AND provisioning_jobs.status = 'Failed'
                   AND provisioning_jobs.requested_at < excluded.requested_at)
            """, cancellationToken);
    }
}
