using System.Security.Claims;
using System.Text;
using CsvHelper;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Migration.Contracts.Events;
using Migration.CredentialReception.Data;
using Migration.Messaging.Idempotency;
using Migration.ServiceDefaults.Auth;
using Migration.ServiceDefaults.Http;
using Npgsql;

namespace Migration.CredentialReception.Api;

public sealed record RejectedCredentialRow(int Row, IReadOnlyDictionary<string, string[]> Errors);

/// <summary><see cref="Rejected"/> lists at most the first 1,000 rejected rows; <see cref="RejectedCount"/> counts them all.</summary>
public sealed record BulkCredentialsResponse(int Accepted, IReadOnlyList<RejectedCredentialRow> Rejected, int RejectedCount);

/// <summary>R6 in bulk: a CSV of sourceAddress, sourcePassword, destinationPassword, so a migration can run without end users.</summary>
public static class BulkCredentialsApi
{
    /// <summary>Passwords are taken as typed (no trimming) and never appear in an exception message.</summary>
    private static readonly CsvReaderOptions CsvOptions = new() { HasHeader = true, TrimWhitespace = false, IncludeValuesInExceptions = false };

    public static IEndpointRouteBuilder MapBulkCredentialsApi(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/v1/projects/{projectId:guid}/credentials", PostCredentials)
            .WithTags("Credentials")
            .RequireAuthorization()
            .WithName("PostCredentialsCsv")
            .WithIdempotencyKey(UploadLimits.CsvBytes, bodyHoldsSecrets: true)
            .WithSummary("Bulk manual entry: text/csv with the columns sourceAddress, sourcePassword, destinationPassword; each bad row is rejected on its own.")
            .WithDescription($"The body is at most {UploadLimits.Describe(UploadLimits.CsvBytes)}, in UTF-8 unless its charset says us-ascii or utf-16; " +
                             "a byte that is not valid in it is refused with 400. " +
                             $"The answer lists at most the first {UploadLimits.ListedRejectedRows} rejected rows; rejectedCount counts them all.")
            .Accepts<string>("text/csv")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return routes;
    }

    internal static async Task<Results<Ok<BulkCredentialsResponse>, ProblemHttpResult>> PostCredentials(
        Guid projectId, HttpRequest request, ClaimsPrincipal user, CredentialIntake intake, CredentialsDbContext db, CancellationToken cancellationToken)
    {
        if (!CsvUpload.IsCsv(request))
        {
            return Problems.UnsupportedMediaType("text/csv");
        }
        if (CsvUpload.StrictEncoding(request, out var charsetProblem) is not { } encoding)
        {
            return charsetProblem!;
        }
        if (!UploadLimits.TryApply(request.HttpContext, UploadLimits.CsvBytes))
        {
            return Problems.PayloadTooLarge(UploadLimits.CsvBytes);
        }
        var operatorId = user.GetOperatorId();
        var (project, problem) = await intake.FindOpenProjectAsync(user, projectId, everyMailbox: true, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }
        var mailboxes = await db.Mailboxes.AsNoTracking().Where(m => m.ProjectId == projectId && m.OperatorId == operatorId)
            .ToDictionaryAsync(m => m.SourceAddress, StringComparer.OrdinalIgnoreCase, cancellationToken);

        var accepted = new List<(KnownMailbox Mailbox, string? Source, string? Destination)>();
        var rejected = new List<RejectedCredentialRow>();
        var rejectedCount = 0;
        // The body is parsed straight from the request, without a copy on disk (it holds passwords) or in memory: no
        // transaction is open until it has been read whole, so a slow client holds no database connection.
        try
        {
            using var text = CsvUpload.Reader(request.Body, encoding);
            await using var csv = CsvReader.Create(text, CsvOptions, leaveOpen: true);
            await csv.ReadHeaderAsync(cancellationToken);
            var columns = Columns(csv.Headers ?? []);
            if (columns.Address < 0 || (columns.Source < 0 && columns.Destination < 0))
            {
                return Problems.Validation("header", "The CSV's header row names sourceAddress and sourcePassword and/or destinationPassword.");
            }
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            var row = 0;
            while (await csv.ReadAsync(cancellationToken))
            {
                row++;
                var address = Field(csv, columns.Address)?.Trim();
                var source = Field(csv, columns.Source);
                var destination = Field(csv, columns.Destination);
                var errors = Check(project!, mailboxes, seen, address, source, destination);
                if (errors.Count > 0)
                {
                    if (rejectedCount++ < UploadLimits.ListedRejectedRows)
                    {
                        rejected.Add(new RejectedCredentialRow(row, errors));
                    }
                    continue;
                }
                accepted.Add((mailboxes[address!], source, destination));
            }
        }
        catch (CsvFormatException ex)
        {
            return Problems.Validation("csv", $"The CSV could not be read at record {ex.RecordNumber}; nothing was stored.");
        }
        catch (DecoderFallbackException)
        {
            return CsvUpload.NotDecodable(encoding);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return Problems.PayloadTooLarge(UploadLimits.CsvBytes);
        }

        var correlationId = Guid.CreateVersion7();
        var credentials = new List<StoredCredential>();
        foreach (var (mailbox, source, destination) in accepted)
        {
            if (source is not null)
            {
                credentials.Add(await intake.SealAsync(mailbox, CredentialKind.Source, null, source, CredentialSubmitter.Operator, cancellationToken));
            }
            if (destination is not null)
            {
                credentials.Add(await intake.SealAsync(mailbox, CredentialKind.Destination, null, destination, CredentialSubmitter.Operator, cancellationToken));
            }
        }
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await StoreAsync(projectId, credentials, correlationId, intake, db, cancellationToken)
                    ? TypedResults.Ok(new BulkCredentialsResponse(accepted.Count, rejected, rejectedCount))
                    : CredentialIntake.Completed();
            }
            catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
            {
                // A single entry for one of these mailboxes committed between this upload's delete and its insert. The
                // upload replaces it, as it replaces any earlier credential; only a steady stream of them refuses it.
                db.ChangeTracker.Clear();
                if (attempt == MaxStoreAttempts)
                {
                    return Problems.Conflict("Credentials for some of these mailboxes were being stored at the same moment; nothing of this upload was stored. Send it again.");
                }
            }
        }
    }

    private const int MaxStoreAttempts = 3;

    /// <summary>
    /// Replaces the mailboxes' earlier credentials with these, with their CredentialSubmitted events, in one transaction;
    /// false when the project is closed. Bulk uploads to one project take turns, so two of them never collide.
    /// </summary>
    private static async Task<bool> StoreAsync(Guid projectId, IReadOnlyList<StoredCredential> credentials, Guid correlationId, CredentialIntake intake,
        CredentialsDbContext db, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({ProjectLock.BulkUploadKey(projectId)})", cancellationToken);
        if (!await intake.HoldOpenProjectAsync(projectId, cancellationToken))
        {
            return false;
        }
        foreach (var kind in new[] { CredentialKind.Source, CredentialKind.Destination })
        {
            await intake.RemoveEarlierAsync(credentials.Where(c => c.Kind == kind).Select(c => c.MailboxId).ToList(), kind, cancellationToken);
        }
        foreach (var credential in credentials)
        {
            intake.Add(credential, correlationId);
        }
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    private static Dictionary<string, string[]> Check(KnownProject project, Dictionary<string, KnownMailbox> mailboxes, HashSet<string> seen,
        string? address, string? source, string? destination)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrEmpty(address))
        {
            errors["sourceAddress"] = ["sourceAddress is required."];
        }
        else if (!mailboxes.ContainsKey(address))
        {
            errors["sourceAddress"] = ["No mailbox of this project has this source address."];
        }
        else if (!seen.Add(address))
        {
            errors["sourceAddress"] = ["This source address is already in this upload."];
        }
        if (source is null && destination is null)
        {
            errors["sourcePassword"] = ["The row has no password."];
        }
        Password(errors, "sourcePassword", source, CredentialIntake.WhyNotNeeded(project, CredentialKind.Source));
        Password(errors, "destinationPassword", destination, CredentialIntake.WhyNotNeeded(project, CredentialKind.Destination));
        return errors;
    }

    private static void Password(Dictionary<string, string[]> errors, string field, string? value, string? whyNotNeeded)
    {
        if (value is null)
        {
            return;
        }
        if ((whyNotNeeded ?? CredentialIntake.WhyInvalid(value)) is { } error)
        {
            errors[field] = [error];
        }
    }

    private static (int Address, int Source, int Destination) Columns(IReadOnlyList<string> header) =>
        (CsvHeader.IndexOf(header, "sourceAddress"), CsvHeader.IndexOf(header, "sourcePassword"), CsvHeader.IndexOf(header, "destinationPassword"));

    private static string? Field(CsvReader csv, int index) =>
        index >= 0 && index < csv.FieldCount && csv.GetStringOrNull(index) is { Length: > 0 } value ? value : null;
}
