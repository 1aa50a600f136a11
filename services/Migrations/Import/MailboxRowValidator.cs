using System.Globalization;
using System.Net.Mail;
using Migration.Migrations.Api;
using Migration.ServiceDefaults.Http;

namespace Migration.Migrations.Import;

/// <summary>A mailbox row that passed its checks, normalised for storage.</summary>
public sealed record ValidMailboxRow(
    string SourceAddress, string DestinationUpn, string? DisplayName, string? FirstName, string? LastName, DateOnly? PasswordLastSet);

public static class MailboxRowValidator
{
    public const int MaxAddressLength = 320;

    /// <summary>Checks one uploaded row; <paramref name="today"/> bounds passwordLastSet (a future date is a typo).</summary>
    public static ValidMailboxRow? Validate(MailboxInput row, DateOnly today, out Dictionary<string, string[]>? errors)
    {
        errors = null;
        var source = Address(ref errors, "sourceAddress", row.SourceAddress);
        var destination = Address(ref errors, "destinationUpn", row.DestinationUpn);
        var displayName = Text(ref errors, "displayName", row.DisplayName, 256);
        var firstName = Text(ref errors, "firstName", row.FirstName, 64);
        var lastName = Text(ref errors, "lastName", row.LastName, 64);
        var lastSet = Date(ref errors, "passwordLastSet", row.PasswordLastSet, today);
        return errors is null
            ? new ValidMailboxRow(source!.ToLowerInvariant(), destination!, displayName, firstName, lastName, lastSet)
            : null;
    }

    private static string? Address(ref Dictionary<string, string[]>? errors, string field, string? value)
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            Add(ref errors, field, $"{field} is required.");
            return null;
        }
        if (!StorableText.IsStorable(trimmed))
        {
            Add(ref errors, field, StorableText.Error(field));
            return null;
        }
        if (trimmed.Length > MaxAddressLength || !MailAddress.TryCreate(trimmed, out var address)
            || address.Address != trimmed || !address.Host.Contains('.'))
        {
            Add(ref errors, field, $"{field} is an address such as user@contoso.com.");
            return null;
        }
        return trimmed;
    }

    private static string? Text(ref Dictionary<string, string[]>? errors, string field, string? value, int maxLength)
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            return null;
        }
        if (trimmed.Length > maxLength)
        {
            Add(ref errors, field, $"{field} is at most {maxLength} characters.");
            return null;
        }
        if (!StorableText.IsStorable(trimmed))
        {
            Add(ref errors, field, StorableText.Error(field));
            return null;
        }
        return trimmed;
    }

    private static DateOnly? Date(ref Dictionary<string, string[]>? errors, string field, string? value, DateOnly today)
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            return null;
        }
        DateOnly date;
        if (DateOnly.TryParseExact(trimmed, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var exact))
        {
            date = exact;
        }
        else if (DateTimeOffset.TryParse(trimmed, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant))
        {
            // Directory exports often carry a time too; only the day matters here.
            date = DateOnly.FromDateTime(instant.UtcDateTime);
        }
        else
        {
            Add(ref errors, field, $"{field} is a date such as 2026-10-01.");
            return null;
        }
        if (date > today.AddDays(1))
        {
            Add(ref errors, field, $"{field} is in the future.");
            return null;
        }
        return date;
    }

    private static void Add(ref Dictionary<string, string[]>? errors, string field, string message) =>
        (errors ??= new Dictionary<string, string[]>())[field] = [message];
}
