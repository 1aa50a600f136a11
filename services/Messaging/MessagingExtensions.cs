using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Migration.Contracts;
using Migration.Messaging.Redelivery;
using Migration.ServiceDefaults.Data;

namespace Migration.Messaging;

public static class MessagingExtensions
{
    /// <summary>
    /// A service's database (see <see cref="ServiceDatabase.AddServiceDatabase{TDbContext}"/>) holding its outbox and inbox,
    /// and its messaging (see <see cref="AddMessaging{TDbContext}"/>).
    /// </summary>
    public static IHostApplicationBuilder AddDatabaseWithMessaging<TDbContext>(this IHostApplicationBuilder builder,
        string connectionName, string serviceName, Action<IBusRegistrationConfigurator>? addConsumers = null)
        where TDbContext : DbContext, IMessagingDbContext =>
        builder.AddServiceDatabase<TDbContext>(connectionName, (services, options) => options.AddOutboxSignal(services))
            .AddMessaging<TDbContext>(serviceName, addConsumers);

    /// <summary>
    /// MassTransit over RabbitMQ with the transactional outbox of <typeparamref name="TDbContext"/>: a few quick retries,
    /// then transient failures are delivered again with growing delays and other failures go to the endpoint's _error
    /// queue (see <see cref="RedeliveryEndpointExtensions.UseRedelivery"/>).
    /// </summary>
    public static IHostApplicationBuilder AddMessaging<TDbContext>(
        this IHostApplicationBuilder builder,
        string serviceName,
        Action<IBusRegistrationConfigurator>? addConsumers = null)
        where TDbContext : DbContext, IMessagingDbContext
    {
        builder.Services.AddSingleton<OutboxSignal>();
        builder.Services.AddSingleton<IInterceptor, OutboxSignalInterceptor>();
        builder.Services.AddOptions<OutboxOptions>().BindConfiguration("Outbox");
        builder.Services.AddOptions<TransientRedeliveryOptions>().BindConfiguration("Messaging:Redelivery");
        builder.Services.AddSingleton<OutboxDispatcher<TDbContext>>();
        builder.Services.AddHostedService(services => services.GetRequiredService<OutboxDispatcher<TDbContext>>());
        builder.Services.TryAddTimeProvider();

        builder.Services.AddMassTransit(bus =>
        {
            bus.SetEndpointNameFormatter(new KebabCaseEndpointNameFormatter(serviceName, includeNamespace: false));
            addConsumers?.Invoke(bus);
            bus.AddConfigureEndpointsCallback((context, _, endpoint) => endpoint.UseRedelivery(context));
            bus.UsingRabbitMq((context, rabbit) =>
            {
                // Read when the bus starts, so that a database-migration run needs no broker.
                var connectionString = context.GetRequiredService<IConfiguration>().GetConnectionString(ResourceNames.RabbitMq)
                                       ?? throw new InvalidOperationException($"ConnectionStrings:{ResourceNames.RabbitMq} is not configured.");
                rabbit.Host(new Uri(connectionString));
                rabbit.ConfigureEndpoints(context);
            });
        });
        builder.Services.Configure<MassTransitHostOptions>(host => host.WaitUntilStarted = false);
        return builder;
    }

    /// <summary>Adds the outbox signal interceptor to a DbContext registration.</summary>
    public static DbContextOptionsBuilder AddOutboxSignal(this DbContextOptionsBuilder options, IServiceProvider services) =>
        options.AddInterceptors(services.GetServices<IInterceptor>());

    private static void TryAddTimeProvider(this IServiceCollection services)
    {
        if (services.All(d => d.ServiceType != typeof(TimeProvider)))
        {
            services.AddSingleton(TimeProvider.System);
        }
    }
}
