using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PortfolioAdvisor.Orchestration;
using PortfolioAdvisor.Streaming;

namespace PortfolioAdvisor.Advisor;

/// <summary>
/// The advisor: asks the <see cref="IChatModel"/> for the persona's reply and streams it as <c>typing</c>, <c>token</c>
/// and <c>message</c> events (see <see cref="ReplyEmitter"/>). Idempotent across reruns of its activity: a reply already
/// completed is returned from the log, final messages are kept, and a partial message left by an earlier attempt is
/// discarded with a retryable <c>error</c> before the reply continues under new message ids. Faults: up to
/// <see cref="AdvisorOptions.StreamingAttempts"/> streaming attempts (each with retries before its first token, see
/// <see cref="ModelCallPolicies"/>), then one non-streaming attempt, then <see cref="AdvisorUnavailableException"/>.
/// </summary>
public sealed partial class StreamingAdvisor(
    IChatModel model,
    RunEventWriter events,
    IOptions<AdvisorOptions> options,
    IOptions<TokenStreamingOptions> streamingOptions,
    TimeProvider timeProvider,
    ILogger<StreamingAdvisor> logger) : IAdvisor
{
    /// <summary>The <c>error</c> code of a partial message discarded because its stream broke off or its activity restarted.</summary>
    public const string InterruptedCode = ReplyStream.InterruptedCode;

    private readonly ReplyStream stream = new(
        new ModelCallPolicies(options.Value, timeProvider), TimeSpan.FromSeconds(options.Value.StallTimeoutSeconds), timeProvider);

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The input names an unknown persona.</exception>
    /// <exception cref="AdvisorUnavailableException">The model could not write the reply.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<AdviceResult> WriteReplyAsync(AdvisorInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var persona = PersonaCatalog.Get(input.Persona);
        var history = await ReplyHistory.ReadAsync(events.Log, input.Run.RunId, cancellationToken).ConfigureAwait(false);
        if (history.CompletedModel is { } completedBy)
        {
            return new AdviceResult(persona.Name, completedBy, history.FinalMessages);
        }

        if (!persona.MultiMessage && history.FinalMessages.Count > 0)
        {
            return new AdviceResult(persona.Name, model.Name, history.FinalMessages);
        }

        var liveness = new RunLiveness(events.Log, input.Run.RunId, history.LastSeq, timeProvider);
        foreach (var partial in history.InterruptedMessageIds)
        {
            liveness.Saw(await ReplyEmitter.EmitInterruptedAsync(events, input.Run, partial, InterruptedCode,
                "The advisor restarted; this partial message is discarded and the reply continues under a new message id.", cancellationToken).ConfigureAwait(false));
        }

        var finals = history.FinalMessages.ToList();
        var attempt = history.LastAttempt;
        Exception? lastFailure = null;
        for (var streamingAttempt = 1; streamingAttempt <= options.Value.StreamingAttempts; streamingAttempt++)
        {
            var emitter = NewEmitter(input.Run, persona, ++attempt, finals, liveness);
            try
            {
                await StreamOnceAsync(input, persona, emitter, finals, liveness, cancellationToken).ConfigureAwait(false);
                return new AdviceResult(persona.Name, model.Name, finals);
            }
            catch (Exception ex) when (ReplyStream.IsRetryable(ex, cancellationToken))
            {
                lastFailure = ex;
                LogAttemptFailed(attempt, model.Name, ex.Message);
                await emitter.AbandonAsync(ReplyStream.ErrorCode(ex), $"The reply broke off ({ex.Message}); it continues under a new message id.", cancellationToken).ConfigureAwait(false);
            }
            catch (ChatModelException ex)
            {
                await emitter.AbandonAsync(ReplyStream.ErrorCode(ex), ex.Message, cancellationToken).ConfigureAwait(false);
                throw new AdvisorUnavailableException($"The advisor model '{model.Name}' refused the request: {ex.Message}", ex);
            }
        }

        var last = NewEmitter(input.Run, persona, ++attempt, finals, liveness);
        try
        {
            await CompleteOnceAsync(input, persona, last, finals, liveness, cancellationToken).ConfigureAwait(false);
            return new AdviceResult(persona.Name, model.Name, finals);
        }
        catch (Exception ex) when (ReplyStream.IsRetryable(ex, cancellationToken) || ex is ChatModelException)
        {
            await last.AbandonAsync(ReplyStream.ErrorCode(ex), ex.Message, cancellationToken).ConfigureAwait(false);
            throw new AdvisorUnavailableException(
                $"The advisor model '{model.Name}' failed after {options.Value.StreamingAttempts} streaming attempt(s) and one non-streaming attempt: {ex.Message}"
                + (lastFailure is null ? "" : $" (last streaming failure: {lastFailure.Message})"), ex);
        }
    }

    private async Task StreamOnceAsync(
        AdvisorInput input, Persona persona, ReplyEmitter emitter, List<string> finals, RunLiveness liveness, CancellationToken cancellationToken)
    {
        var alreadySaid = finals.Count;
        var request = new ChatRequest(input, persona, AdvisorPrompt.Build(input, persona, finals), [.. finals]);
        await stream.StreamOnceAsync(token => model.StreamAsync(request, token), persona.MultiMessage, emitter, liveness, cancellationToken).ConfigureAwait(false);
        EnsureNotEmpty(finals, alreadySaid);
    }

    private async Task CompleteOnceAsync(
        AdvisorInput input, Persona persona, ReplyEmitter emitter, List<string> finals, RunLiveness liveness, CancellationToken cancellationToken)
    {
        var alreadySaid = finals.Count;
        var request = new ChatRequest(input, persona, AdvisorPrompt.Build(input, persona, finals), [.. finals]);
        await stream.CompleteOnceAsync(token => model.CompleteAsync(request, token), persona.MultiMessage, emitter, liveness, cancellationToken).ConfigureAwait(false);
        EnsureNotEmpty(finals, alreadySaid);
    }

    private static void EnsureNotEmpty(List<string> finals, int alreadySaid)
    {
        if (finals.Count == 0 && alreadySaid == 0)
        {
            throw new ReplyInterruptedException("model_error", "the model returned an empty reply");
        }
    }

    private ReplyEmitter NewEmitter(RunContext run, Persona persona, int attempt, List<string> finals, RunLiveness liveness) =>
        new(events, run, persona, attempt, finals, liveness,
            TimeSpan.FromMilliseconds(streamingOptions.Value.CoalesceMilliseconds), options.Value.PacingScale, timeProvider);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Advisor attempt {Attempt} on model {Model} failed: {Reason}")]
    private partial void LogAttemptFailed(int attempt, string model, string reason);
}
