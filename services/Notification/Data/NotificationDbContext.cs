using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Migration.Messaging;
using Migration.ServiceDefaults.Data;

namespace Migration.Notification.Data;

/// <summary>Every email sent: who, which template, when, and how it went. Never its links or any password.</summary>
public sealed class SentMessage
{
    public const string Sent = "sent";
    public const string Failed = "failed";

    public Guid Id { get; init; }
    public Guid OperatorId { get; init; }
    public Guid ProjectId { get; init; }
    public Guid? MailboxId { get; init; }
    public required string Template { get; init; }
    public required string Recipient { get; init; }
    /// <summary><see cref="SentMessage.Sent"/>, or <see cref="SentMessage.Failed"/> for an attempt that the SMTP server did not take.</summary>
    public required string Result { get; init; }
    public string? SmtpMessageId { get; init; }

    /// <summary>For a failed attempt: the kind of failure (exception type, SMTP status code), never a message text.</summary>
    public string? Error { get; init; }
    public DateTimeOffset SentAt { get; init; }
}

public sealed class NotificationDbContext(DbContextOptions<NotificationDbContext> options) : DbContext(options), IMessagingDbContext
{
    public DbSet<SentMessage> Messages => Set<SentMessage>();
    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();
    public DbSet<InboxMessage> InboxMessages => Set<InboxMessage>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<SentMessage>(m =>
        {
            m.ToTable("message_log");
            m.HasIndex(x => new { x.ProjectId, x.SentAt });
            m.HasIndex(x => x.MailboxId);
        });
        modelBuilder.AddOutboxAndInbox();
        modelBuilder.UseSnakeCaseColumns();
    }
}

internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<NotificationDbContext>
{
    public NotificationDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<NotificationDbContext>().UseNpgsql("Host=localhost;Database=design").Options);
}
