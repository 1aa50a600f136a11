using MassTransit;
using Microsoft.EntityFrameworkCore;
using Migration.Contracts.Events;
using Migration.Messaging;
using Migration.Provisioning.Data;

namespace Migration.Provisioning.Consumers;

/// <summary>
/// Mailboxes to provision: their job rows, due now, many in one statement (a CSV of destination passwords brings
/// thousands at once, and Graph's quotas are used from the first second only if the jobs are there by then). A request
/// with a newer credential reference (the vault's UUIDv7s sort in the order they were stored) supersedes the mailbox's
/// earlier one and runs again, keeping what is known to be done at Graph. The same reference requested again later,
/// after its job failed, is a retry (the operator fixed the cause) and runs again the same way. A redelivery, an older
/// reference, or a request for a project that has completed changes nothing.
/// </summary>
public sealed class ProvisioningRequestedConsumer(ProvisioningDbContext db, TimeProvider clock)
    : IdempotentBatchConsumer<ProvisioningRequested, ProvisioningDbContext>(db)
{
    protected override async Task HandleAsync(IReadOnlyList<ConsumeContext<ProvisioningRequested>> messages, CancellationToken cancellationToken)
    {
        var requests = messages.Select(m => m.Message).ToList();
        var now = clock.GetUtcNow();
        var mailboxIds = requests.Select(m => m.MailboxId).ToArray();
        var projectIds = requests.Select(m => m.ProjectId).ToArray();
        var operatorIds = requests.Select(m => m.OperatorId).ToArray();
        var correlationIds = requests.Select(m => m.CorrelationId).ToArray();
        var actions = requests.Select(m => m.Action.ToString()).ToArray();
        var tenants = requests.Select(m => m.Tenant.Trim().ToLowerInvariant()).ToArray();
        var upns = requests.Select(m => m.DestinationUpn.Trim()).ToArray();
        var displayNames = requests.Select(m => m.DisplayName).ToArray();
        var firstNames = requests.Select(m => m.FirstName).ToArray();
        var lastNames = requests.Select(m => m.LastName).ToArray();
        var usageLocations = requests.Select(m => string.IsNullOrWhiteSpace(m.UsageLocation) ? "US" : m.UsageLocation.Trim().ToUpperInvariant()).ToArray();
        var licenseSkus = requests.Select(m => string.IsNullOrWhiteSpace(m.LicenseSku) ? null : m.LicenseSku.Trim()).ToArray();
        var references = requests.Select(m => m.DestinationCredentialReference).ToArray();
        var requestedAts = requests.Select(m => m.RequestedAt).ToArray();
        // Of two requests of one mailbox in the batch the later wins (one row may be changed only once per statement).
        await Db.Database.ExecuteSqlAsync($"""
            INSERT INTO provisioning_jobs (mailbox_id, project_id, operator_id, correlation_id, action, tenant, upn, display_name, first_name,
                last_name, usage_location, license_sku, credential_reference, requested_at, status, adopted, attempts, due_at)
            SELECT DISTINCT ON (r.mailbox_id) r.mailbox_id, r.project_id, r.operator_id, r.correlation_id, r.action, r.tenant, r.upn, r.display_name,
                r.first_name, r.last_name, r.usage_location, r.license_sku, r.credential_reference, r.requested_at, 'Pending', false, 0, {now}
            FROM unnest({mailboxIds}::uuid[], {projectIds}::uuid[], {operatorIds}::uuid[], {correlationIds}::uuid[], {actions}::text[],
                {tenants}::text[], {upns}::text[], {displayNames}::text[], {firstNames}::text[], {lastNames}::text[], {usageLocations}::text[],
                {licenseSkus}::text[], {references}::uuid[], {requestedAts}::timestamptz[])
                AS r(mailbox_id, project_id, operator_id, correlation_id, action, tenant, upn, display_name, first_name, last_name,
                     usage_location, license_sku, credential_reference, requested_at)
            WHERE NOT EXISTS (SELECT 1 FROM completed_projects c WHERE c.project_id = r.project_id)
            ORDER BY r.mailbox_id, r.credential_reference DESC, r.requested_at DESC
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
