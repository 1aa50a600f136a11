using Migration.Migrations.Data;
using Migration.Migrations.Domain;

namespace Migration.Migrations.Api;

internal static class ResponseMapping
{
    public static ProjectResponse ToResponse(this Project project)
    {
        return new ProjectResponse
        {
            Id = project.Id,
            Name = project.Name,
            Customer = new CustomerDto { Name = project.CustomerName, Domain = project.CustomerDomain },
            Source = new SourceResponse(project.SourceKind, project.SourceAccessMethod, project.SourceHost, project.SourcePort,
                project.SourceUseTls, project.SourceEwsUrl, project.SourceTenantId, project.SourceGoogleDomain,
                project.SourceMaxConcurrency, project.SourceRecheckEveryHours),
            Destination = new DestinationResponse(project.DestinationTenantDomain, project.DestinationTenantId, project.CreateAccounts,
                project.SetDestinationPasswords, project.OutlookAssistant, project.CredentialMode, project.LicenseSku, project.UsageLocation),
            MigrationType = project.MigrationType,
            PasswordPolicy = new PasswordPolicyDto { MaxAgeDays = project.PasswordMaxAgeDays },
            CutoverDate = project.CutoverDate,
            CreatedAt = project.CreatedAt,
            CompletedAt = project.CompletedAt,
            Requirements = Requirements.For(project.Settings).ToResponse(),
            SourceAccess = new StatusResponse<SourceAccessStatus>(project.SourceAccessStatus, project.SourceAccessReason),
        };
    }

    public static RequirementsResponse ToResponse(this ProjectRequirements requirements) => new(
        requirements.SourcePassword, requirements.DestinationPassword, requirements.OutlookAssistantDownload, requirements.EndUserInvolved);

    public static MailboxResponse ToResponse(this Mailbox mailbox) => new()
    {
        Id = mailbox.Id,
        SourceAddress = mailbox.SourceAddress,
        DestinationUpn = mailbox.DestinationUpn,
        DisplayName = mailbox.DisplayName,
        FirstName = mailbox.FirstName,
        LastName = mailbox.LastName,
        State = mailbox.State,
        Source = new StatusResponse<SourceStatus>(mailbox.SourceStatus, mailbox.SourceReason),
        Destination = new StatusResponse<DestinationStatus>(mailbox.DestinationStatus, mailbox.DestinationReason),
        Provisioning = new StatusResponse<ProvisioningStatus>(mailbox.ProvisioningStatus, mailbox.ProvisioningReason),
        PasswordLastSet = mailbox.PasswordLastSet,
        PasswordExpires = mailbox.PasswordExpires,
    };
}
