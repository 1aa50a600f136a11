using Microsoft.EntityFrameworkCore;

namespace Migration.Messaging;

/// <summary>A service's DbContext that holds its outbox and inbox tables.</summary>
public interface IMessagingDbContext
{
    DbSet<OutboxMessage> OutboxMessages { get; }
    DbSet<InboxMessage> InboxMessages { get; }
}
