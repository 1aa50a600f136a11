using System.Security.Claims;
using System.Text;
using CsvHelper;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Migration.Contracts.Events;
using Migration.CredentialReception.Data;
using Migration.ServiceDefaults.Auth;
using Migration.ServiceDefaults.Http;

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
            .WithSummary("Bulk manual entry: text/csv with the columns sourceAddress, sourcePassword, destinationPassword; each bad row is rejected on its own.")
            .WithDescription($"The body is at most {UploadLimits.Describe(UploadLimits.CsvBytes)}, in UTF-8 unless its charset says us-ascii or utf-16; " +
                             "a byte that is not valid in it is refused with 400. " +
                             $"The answer lists at most the first {UploadLimits.ListedRejectedRows} rejected rows; rejectedCount counts them all.")
            .Accepts<string>("text/csv")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
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
        var (project, problem) = await intake.FindOpenProjectAsync(operatorId, projectId, cancellationToken);
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

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (!await intake.HoldOpenProjectAsync(projectId, cancellationToken))
        {
            return CredentialIntake.Completed();
        }
        var correlationId = Guid.CreateVersion7();
        await intake.RemoveEarlierAsync(accepted.Where(a => a.Source is not null).Select(a => a.Mailbox.Id).ToList(), CredentialKind.Source, cancellationToken);
        await intake.RemoveEarlierAsync(accepted.Where(a => a.Destination is not null).Select(a => a.Mailbox.Id).ToList(), CredentialKind.Destination, cancellationToken);
        foreach (var (mailbox, source, destination) in accepted)
        {
            if (source is not null)
            {
                await intake.StoreAsync(mailbox, CredentialKind.Source, null, source, CredentialSubmitter.Operator, correlationId, cancellationToken);
            }
            if (destination is not null)
            {
                await intake.StoreAsync(mailbox, CredentialKind.Destination, null, destination, CredentialSubmitter.Operator, correlationId, cancellationToken);
            }
        }
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Ok(new BulkCredentialsResponse(accepted.Count, rejected, rejectedCount));
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
            errors["sourceAddress"] = ["No mailbox of this project has this source address (mailboxes added in the last seconds may still be on their way)."];
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
