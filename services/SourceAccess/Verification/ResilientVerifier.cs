using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;

namespace Migration.SourceAccess.Verification;

/// <summary>Section <c>SourceAccess:Retries</c>: how often and how long a check whose source is unavailable is tried again.</summary>
public sealed class VerificationRetryOptions
{
    public int MaxRetries { get; set; } = 4;
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The longest wait, even when the source's Retry-After asks for more.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(60);
}

/// <summary>
/// Runs a check with the verifier for its kind and method, retrying with growing delays (honouring the source's
/// Retry-After) while the source is unavailable, a bounded number of times; then the outcome is the fault's reason
/// (<c>serverUnreachable</c> or <c>throttled</c>). A refusal is an answer, never retried.
/// </summary>
public sealed class ResilientVerifier
{
    private readonly IReadOnlyList<ISourceVerifier> _verifiers;
    private readonly ResiliencePipeline _pipeline;

    public ResilientVerifier(IEnumerable<ISourceVerifier> verifiers, IOptions<VerificationRetryOptions> options, TimeProvider clock)
    {
        _verifiers = [.. verifiers];
        var retry = options.Value;
        _pipeline = new ResiliencePipelineBuilder { TimeProvider = clock }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<SourceUnavailableException>(),
                MaxRetryAttempts = retry.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = retry.BaseDelay,
                MaxDelay = retry.MaxDelay,
                DelayGenerator = args => ValueTask.FromResult(
                    args.Outcome.Exception is SourceUnavailableException { RetryAfter: { } after }
                        ? (TimeSpan?)TimeSpan.FromTicks(Math.Min(after.Ticks, retry.MaxDelay.Ticks))
                        : null),
            })
            .Build();
    }

    public bool Handles(SourceKind kind, AccessMethod method) => _verifiers.Any(v => v.Handles(kind, method));

    public async Task<VerificationOutcome> VerifyAsync(VerificationRequest request, CancellationToken cancellationToken)
    {
        var verifier = _verifiers.FirstOrDefault(v => v.Handles(request.Source.Kind, request.Source.Method))
            ?? throw new InvalidOperationException($"No verifier for {request.Source.Kind} with {request.Source.Method}.");
        try
        {
            return await _pipeline.ExecuteAsync(static async (state, token) => await state.verifier.VerifyAsync(state.request, token),
                (verifier, request), cancellationToken);
        }
        catch (SourceUnavailableException unavailable)
        {
            return VerificationOutcome.Failed(unavailable.Reason);
        }
    }
}
