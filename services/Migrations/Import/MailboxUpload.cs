using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Migration.Migrations.Api;
using Migration.ServiceDefaults.Http;

namespace Migration.Migrations.Import;

/// <summary>
/// A mailbox upload, read whole before the handler runs, so that the import's transaction never waits for a slow
/// client: a CSV goes to a temporary file (mode 0600, deleted when the request ends), a JSON list (capped at
/// <see cref="UploadLimits.JsonMailboxesBytes"/>) is parsed. Either the rows or the problem to answer.
/// </summary>
public sealed class MailboxUpload
{
    private readonly Stream? _csv;
    private readonly Encoding? _csvEncoding;
    private readonly IReadOnlyList<MailboxInput>? _json;

    private MailboxUpload(ProblemHttpResult? problem, Stream? csv = null, Encoding? csvEncoding = null, IReadOnlyList<MailboxInput>? json = null) =>
        (Problem, _csv, _csvEncoding, _json) = (problem, csv, csvEncoding, json);

    public ProblemHttpResult? Problem { get; }

    public Encoding? CsvEncoding => _csvEncoding;

    /// <summary>A CSV that is not valid in its declared charset throws <see cref="DecoderFallbackException"/> while the rows are read.</summary>
    public IAsyncEnumerable<MailboxInput> Rows(CancellationToken cancellationToken) =>
        _csv is not null
            ? MailboxCsvReader.ReadAsync(CsvUpload.Reader(_csv, _csvEncoding!), cancellationToken)
            : _json!.Select(m => m ?? new MailboxInput()).ToAsyncEnumerable();

    public static async ValueTask<MailboxUpload?> BindAsync(HttpContext context)
    {
        var request = context.Request;
        if (CsvUpload.IsCsv(request))
        {
            var encoding = CsvUpload.StrictEncoding(request, out var charsetProblem);
            if (encoding is null)
            {
                return new MailboxUpload(charsetProblem);
            }
            var file = TemporaryFile();
            context.Response.RegisterForDisposeAsync(file);
            var problem = await CsvUpload.BufferAsync(request, file, UploadLimits.CsvBytes, context.RequestAborted);
            return new MailboxUpload(problem, file, encoding);
        }
        if (!request.HasJsonContentType())
        {
            return new MailboxUpload(Problems.UnsupportedMediaType("application/json", "text/csv"));
        }
        if (!UploadLimits.TryApply(context, UploadLimits.JsonMailboxesBytes))
        {
            return new MailboxUpload(Problems.PayloadTooLarge(UploadLimits.JsonMailboxesBytes));
        }
        var (body, bodyProblem) = await request.ReadJsonAsync<AddMailboxesRequest>(context.RequestAborted);
        return bodyProblem is not null ? new MailboxUpload(bodyProblem)
            : body!.Mailboxes is null ? new MailboxUpload(Problems.Validation("mailboxes", "mailboxes is required: a list of mailboxes."))
            : new MailboxUpload(null, json: body.Mailboxes);
    }

    private static FileStream TemporaryFile()
    {
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.ReadWrite,
            Share = FileShare.None,
            Options = FileOptions.DeleteOnClose | FileOptions.Asynchronous,
        };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        return new FileStream(Path.Combine(Path.GetTempPath(), $"mailbox-upload-{Guid.NewGuid():N}.csv"), options);
    }
}
