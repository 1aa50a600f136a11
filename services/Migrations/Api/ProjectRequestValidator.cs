using System.Text.RegularExpressions;
using Migration.Migrations.Data;
using Migration.Migrations.Domain;
using Migration.ServiceDefaults.Http;

namespace Migration.Migrations.Api;

/// <summary>Field checks (400) before the domain rules (422) are asked.</summary>
public static partial class ProjectRequestValidator
{
    public static Dictionary<string, string[]> Validate(CreateProjectRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        Required(errors, "name", request.Name, 200);
        if (request.Customer is null)
        {
            errors["customer"] = ["customer is required."];
        }
        else
        {
            Required(errors, "customer.name", request.Customer.Name, 200);
            Domain(errors, "customer.domain", request.Customer.Domain, required: true);
        }

        if (request.Source is not { } source)
        {
            errors["source"] = ["source is required."];
        }
        else
        {
            if (source.Kind is null) errors["source.kind"] = ["source.kind is required: exchange, office365, google or imap."];
            if (source.AccessMethod is null) errors["source.accessMethod"] = ["source.accessMethod is required: password, impersonation or oauth."];
            if (source.Port is < 1 or > 65535) errors["source.port"] = ["source.port is between 1 and 65535."];
            if (source.MaxConcurrency is < ProjectSourceDefaults.MinConcurrency or > ProjectSourceDefaults.MaxConcurrencyLimit)
                errors["source.maxConcurrency"] = [$"source.maxConcurrency is between {ProjectSourceDefaults.MinConcurrency} and {ProjectSourceDefaults.MaxConcurrencyLimit} (default {ProjectSourceDefaults.MaxConcurrency})."];
            if (source.RecheckEveryHours is < ProjectSourceDefaults.MinRecheckEveryHours or > ProjectSourceDefaults.MaxRecheckEveryHours)
                errors["source.recheckEveryHours"] = [$"source.recheckEveryHours is between {ProjectSourceDefaults.MinRecheckEveryHours} and {ProjectSourceDefaults.MaxRecheckEveryHours} (default {ProjectSourceDefaults.RecheckEveryHours})."];
            Optional(errors, "source.host", source.Host, 253);
            Optional(errors, "source.tenantId", source.TenantId, 200);
            Domain(errors, "source.googleDomain", source.GoogleDomain, required: false);
            if (source.EwsUrl is not null && (!IsHttpUrl(source.EwsUrl) || !StorableText.IsStorable(source.EwsUrl))) errors["source.ewsUrl"] = ["source.ewsUrl is an absolute http or https URL."];
        }

        if (request.Destination is not { } destination)
        {
            errors["destination"] = ["destination is required."];
        }
        else
        {
            Domain(errors, "destination.tenantDomain", destination.TenantDomain, required: true);
            Optional(errors, "destination.tenantId", destination.TenantId, 200);
            if (ProjectDestinationRules.LicenseSkuError(destination.LicenseSku) is { } licenseError) errors["destination.licenseSku"] = [licenseError];
            if (ProjectDestinationRules.UsageLocationError(destination.UsageLocation) is { } locationError) errors["destination.usageLocation"] = [locationError];
        }

        if (request.PasswordPolicy?.MaxAgeDays is < 1 or > 3650)
        {
            errors["passwordPolicy.maxAgeDays"] = ["passwordPolicy.maxAgeDays is between 1 and 3650, or null when passwords never expire."];
        }
        return errors;
    }

    /// <summary>The settings of a request that passed <see cref="Validate"/>, with the documented defaults.</summary>
    public static ProjectSettings ToSettings(CreateProjectRequest request) => new()
    {
        SourceKind = request.Source!.Kind!.Value,
        AccessMethod = request.Source.AccessMethod!.Value,
        Host = request.Source.Host,
        EwsUrl = request.Source.EwsUrl,
        SourceTenantId = request.Source.TenantId,
        GoogleDomain = request.Source.GoogleDomain,
        MigrationType = request.MigrationType ?? MigrationType.Full,
        OutlookAssistant = request.Destination!.OutlookAssistant ?? OutlookAssistant.None,
        CreateAccounts = request.Destination.CreateAccounts ?? false,
        SetDestinationPasswords = request.Destination.SetDestinationPasswords ?? false,
        CredentialMode = request.Destination.CredentialMode ?? CredentialMode.PasswordReception,
    };

    public static Project ToProject(CreateProjectRequest request, ProjectSettings settings, Guid operatorId, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(),
        OperatorId = operatorId,
        Name = request.Name!.Trim(),
        CustomerName = request.Customer!.Name!.Trim(),
        CustomerDomain = request.Customer.Domain!.Trim().ToLowerInvariant(),
        SourceKind = settings.SourceKind,
        SourceAccessMethod = settings.AccessMethod,
        SourceHost = request.Source!.Host,
        SourcePort = request.Source.Port ?? (settings.SourceKind == SourceKind.Imap ? 993 : null),
        SourceUseTls = request.Source.UseTls ?? (settings.SourceKind == SourceKind.Imap ? true : null),
        SourceEwsUrl = settings.EwsUrl,
        SourceTenantId = settings.SourceTenantId,
        SourceGoogleDomain = settings.GoogleDomain?.ToLowerInvariant(),
        SourceMaxConcurrency = request.Source.MaxConcurrency ?? ProjectSourceDefaults.MaxConcurrency,
        SourceRecheckEveryHours = request.Source.RecheckEveryHours ?? ProjectSourceDefaults.RecheckEveryHours,
        DestinationTenantDomain = request.Destination!.TenantDomain!.Trim().ToLowerInvariant(),
        DestinationTenantId = request.Destination.TenantId,
        CreateAccounts = settings.CreateAccounts,
        SetDestinationPasswords = settings.SetDestinationPasswords,
        OutlookAssistant = settings.OutlookAssistant,
        CredentialMode = settings.CredentialMode,
        LicenseSku = ProjectDestinationRules.NormalizeLicenseSku(request.Destination.LicenseSku),
        UsageLocation = ProjectDestinationRules.NormalizeUsageLocation(request.Destination.UsageLocation),
        MigrationType = settings.MigrationType,
        PasswordMaxAgeDays = request.PasswordPolicy?.MaxAgeDays,
        CutoverDate = request.CutoverDate,
        SourceAccessStatus = MailboxStatuses.InitialSourceAccess(settings),
        CreatedAt = now,
    };

    private static void Required(Dictionary<string, string[]> errors, string field, string? value, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value)) errors[field] = [$"{field} is required."];
        else Optional(errors, field, value, maxLength);
    }

    private static void Optional(Dictionary<string, string[]> errors, string field, string? value, int maxLength)
    {
        if (value is not null && value.Length > maxLength) errors[field] = [$"{field} is at most {maxLength} characters."];
        else if (!StorableText.IsStorable(value)) errors[field] = [StorableText.Error(field)];
    }

    private static void Domain(Dictionary<string, string[]> errors, string field, string? value, bool required)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required) errors[field] = [$"{field} is required."];
        }
        else if (!DomainName().IsMatch(value.Trim()))
        {
            errors[field] = [$"{field} is a domain name such as contoso.com."];
        }
    }

    private static bool IsHttpUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);

    [GeneratedRegex(@"^(?=.{1,253}$)([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\.)+[a-zA-Z]{2,63}$")]
    private static partial Regex DomainName();
}
