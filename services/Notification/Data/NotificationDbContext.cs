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
    public DbSet<WebhookSubscription> WebhookSubscriptions => Set<WebhookSubscription>();
    public DbSet<WebhookDelivery> WebhookDeliveries => Set<WebhookDelivery>();
    public DbSet<WebhookAttempt> WebhookAttempts => Set<WebhookAttempt>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<SentMessage>(m =>
        {
            m.ToTable("message_log");
            m.HasIndex(x => new { x.ProjectId, x.SentAt });
            m.HasIndex(x => x.MailboxId);
        });
        modelBuilder.Entity<WebhookSubscription>(s =>
        {
            s.ToTable("webhook_subscriptions");
            s.HasIndex(x => new { x.OperatorId, x.CreatedAt });
            s.Property(x => x.Url).HasMaxLength(2048);
        });
        modelBuilder.Entity<WebhookDelivery>(d =>
        {
            d.ToTable("webhook_deliveries");
            d.HasOne<WebhookSubscription>().WithMany().HasForeignKey(x => x.SubscriptionId).OnDelete(DeleteBehavior.Cascade);
            d.HasIndex(x => new { x.SubscriptionId, x.EventId }).IsUnique();
            d.HasIndex(x => new { x.SubscriptionId, x.CreatedAt });
            d.HasIndex(x => x.NextAttemptAt).HasFilter("status = 'pending'").HasDatabaseName("ix_webhook_deliveries_due");
            d.Property(x => x.EventType).HasMaxLength(32);
            d.Property(x => x.Status).HasMaxLength(16);
            d.HasMany(x => x.AttemptLog).WithOne().HasForeignKey(a => a.DeliveryId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<WebhookAttempt>(a =>
        {
            a.ToTable("webhook_attempts");
            a.HasIndex(x => new { x.DeliveryId, x.Number }).IsUnique();
            a.Property(x => x.Error).HasMaxLength(64);
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
