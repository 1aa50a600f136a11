using MassTransit;
using MassTransit.Middleware;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Migration.Messaging.Redelivery;

public static class RedeliveryEndpointExtensions
{
    /// <summary>
    /// Quick retries for any failure; then a transient failure is delivered again after growing delays, waiting in RabbitMQ
    /// (<see cref="TransientRedeliveryFilter"/>) until <see cref="TransientRedeliveryOptions.Horizon"/>, and the kill switch stops
    /// the endpoint while transient failures pile up, so the messages wait in the queue instead of failing one by one.
    /// Only other failures reach the error queue. Faults are not published: a message redelivered later has not failed.
    /// </summary>
    public static void UseRedelivery(this IReceiveEndpointConfigurator endpoint, IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<TransientRedeliveryOptions>>().Value;
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(TransientRedeliveryFilter));
        var clock = services.GetRequiredService<TimeProvider>();
        endpoint.PublishFaults = false;
        endpoint.UseKillSwitch(killSwitch => killSwitch
            .SetActivationThreshold(options.ActivationThreshold)
            .SetTripThreshold(options.TripThresholdPercent)
            .SetTrackingPeriod(TimeSpan.FromMinutes(1))
            .SetRestartTimeout(options.PauseFor)
            .SetExceptionFilter(filter => filter.Handle<Exception>(TransientFaults.IsTransient)));
        endpoint.UseMessageRetry(retry => retry.Intervals(options.QuickRetries));
        endpoint.ConfigureError(error =>
        {
            error.UseFilter(new TransientRedeliveryFilter(options, services, clock, logger));
            error.UseFilter(new GenerateFaultFilter());
            error.UseFilter(new ErrorTransportFilter());
        });
    }
}
