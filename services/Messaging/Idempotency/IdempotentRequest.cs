using Microsoft.EntityFrameworkCore;

namespace Migration.Messaging.Idempotency;

/// <summary>
/// A request an operator sent with an <c>Idempotency-Key</c>, and once it has run, the answer it got (status, content
/// type, body), to answer a retry with. The answers of the endpoints that take a key never hold a secret.
/// </summary>
public sealed class IdempotentRequest
{
    public Guid OperatorId { get; init; }
    public required string Key { get; init; }

    /// <summary>SHA-256 of the method, path, query, content type and body: a retry must be the same request.</summary>
    public required byte[] RequestHash { get; init; }
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When a run of the request began; a run that began long ago and never answered was cut off.</summary>
    public DateTimeOffset ClaimedAt { get; init; }
    public int? StatusCode { get; init; }
    public string? ContentType { get; init; }
    public byte[]? Body { get; init; }
}

public static class IdempotencyModel
{
    internal const string Table = "idempotent_requests";

    /// <summary>Maps the table of idempotent requests; the column names are fixed because <see cref="IdempotencyKeys"/> uses SQL.</summary>
    public static ModelBuilder AddIdempotentRequests(this ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<IdempotentRequest>(request =>
        {
            request.ToTable(Table);
            request.HasKey(r => new { r.OperatorId, r.Key });
            request.Property(r => r.OperatorId).HasColumnName("operator_id");
            request.Property(r => r.Key).HasColumnName("key").HasMaxLength(IdempotencyKeys.MaxKeyLength);
            request.Property(r => r.RequestHash).HasColumnName("request_hash");
            request.Property(r => r.CreatedAt).HasColumnName("created_at");
            request.Property(r => r.ClaimedAt).HasColumnName("claimed_at");
            request.Property(r => r.StatusCode).HasColumnName("status_code");
            request.Property(r => r.ContentType).HasColumnName("content_type").HasMaxLength(200);
            request.Property(r => r.Body).HasColumnName("body");
            request.HasIndex(r => r.CreatedAt);
        });
        return modelBuilder;
    }
}
