using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PortfolioAdvisor.Advisor;
using PortfolioAdvisor.Orchestration;
using PortfolioAdvisor.Streaming;

namespace PortfolioAdvisor.Conversations;

/// <summary>
/// One model call of a turn through the model port (<see cref="IChatClient"/>), offered the tools' declarations and
/// streamed exactly as the analysis advisor streams (<c>typing</c>, coalesced <c>token</c> frames, <c>message</c>, at
/// the persona's pace) under message ids <c>{turnId}-s{step}-a{attempt}-m{index}</c>. Idempotent across reruns of its
/// activity: final messages of the step are kept (a single-message persona's answer is returned without calling the
/// model again), and a partial message left by an earlier attempt is discarded with a retryable <c>error</c> naming its
/// message id before the call continues under a new id. Faults are those of the analysis advisor: up to
/// <see cref="AdvisorOptions.StreamingAttempts"/> streaming attempts with retries before the first token, then one
/// non-streaming attempt, then <see cref="AdvisorUnavailableException"/> (also at once for a refusal such as HTTP 401).
/// </summary>
public sealed partial class TurnAdvisor(
    IChatClient client,
    IAdvisorTools tools,
    RunEventWriter events,
    IOptions<AdvisorOptions> options,
    IOptions<TokenStreamingOptions> streamingOptions,
    TimeProvider timeProvider,
    ILogger<TurnAdvisor> logger)
{
    private readonly ReplyStream stream = new(
        new ModelCallPolicies(options.Value, timeProvider), TimeSpan.FromSeconds(options.Value.StallTimeoutSeconds), timeProvider);

    /// <summary>The <see cref="ChatOptions.AdditionalProperties"/> key naming the persona of the turn (its wire name).</summary>
    public const string PersonaProperty = "persona";

    /// <summary>The <see cref="ChatOptions.AdditionalProperties"/> key naming the turn's language (a BCP 47 tag).</summary>
    public const string LanguageProperty = "language";

    /// <summary>The prefix of the message ids of model call <paramref name="step"/> of turn <paramref name="turnId"/>.</summary>
    public static string StepPrefix(string turnId, int step) => string.Create(CultureInfo.InvariantCulture, $"{turnId}-s{step}");

    /// <summary>Makes model call <paramref name="input"/> and streams what it writes; returns its messages and tool calls.</summary>
    /// <exception cref="ArgumentException">The turn names an unknown persona.</exception>
    /// <exception cref="AdvisorUnavailableException">The model could not answer.</exception>
    /// <exception cref="RunClosedException">The turn ended (terminated) meanwhile.</exception>
    public async Task<ModelStep> CallAsync(CallAdvisorModelInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var run = input.Turn.Run;
        var persona = PersonaCatalog.Get(input.Turn.Persona);
        var prefix = StepPrefix(run.RunId, input.Step);
        var history = await ReplyHistory.ReadAsync(events.Log, run.RunId, cancellationToken, prefix).ConfigureAwait(false);
        if (!persona.MultiMessage && history.FinalMessages.Count > 0)
        {
            return new ModelStep(history.FinalMessages, [], ModelName(null));
        }

        var liveness = new RunLiveness(events.Log, run.RunId, history.LastSeq, timeProvider);
        foreach (var partial in history.InterruptedMessageIds)
        {
            liveness.Saw(await ReplyEmitter.EmitInterruptedAsync(events, run, partial, ReplyStream.InterruptedCode,
                "The advisor restarted; this partial message is discarded and the answer continues under a new message id.", cancellationToken).ConfigureAwait(false));
        }

        var finals = history.FinalMessages.ToList();
        var attempt = history.LastAttempt;
        var chat = new ChatOptions
        {
            Tools = [.. tools.Declarations],
            ToolMode = ChatToolMode.Auto,
            // Read by the offline advisor for turns; the OpenAI adapter sends no unknown property on the wire.
            AdditionalProperties = new() { [PersonaProperty] = persona.Name, [LanguageProperty] = input.Turn.Language },
        };
        for (var streamingAttempt = 1; streamingAttempt <= options.Value.StreamingAttempts; streamingAttempt++)
        {
            var emitter = NewEmitter(run, persona, ++attempt, finals, liveness, prefix);
            try
            {
                var alreadySaid = finals.Count;
                var messages = TurnPrompt.Build(input, persona, finals);
                var last = await stream.StreamOnceAsync(
                    token => ChatClientStream.StreamAsync(client, messages, chat, token), persona.MultiMessage, emitter, liveness, cancellationToken).ConfigureAwait(false);
                return Step(last, finals, alreadySaid);
            }
            catch (Exception ex) when (ReplyStream.IsRetryable(ex, cancellationToken))
            {
                LogAttemptFailed(run.RunId, input.Step, attempt, ex.Message);
                await emitter.AbandonAsync(ReplyStream.ErrorCode(ex), $"The answer broke off ({ex.Message}); it continues under a new message id.", cancellationToken).ConfigureAwait(false);
            }
            catch (ChatModelException ex)
            {
                await emitter.AbandonAsync(ReplyStream.ErrorCode(ex), ex.Message, cancellationToken).ConfigureAwait(false);
                throw new AdvisorUnavailableException($"The advisor model '{ModelName(null)}' refused the request: {ex.Message}", ex);
            }
        }

        var final = NewEmitter(run, persona, ++attempt, finals, liveness, prefix);
        try
        {
            var alreadySaid = finals.Count;
            var messages = TurnPrompt.Build(input, persona, finals);
            var last = await stream.CompleteOnceAsync(
                token => ChatClientStream.CompleteAsync(client, messages, chat, token), persona.MultiMessage, final, liveness, cancellationToken).ConfigureAwait(false);
            return Step(last, finals, alreadySaid);
        }
        catch (Exception ex) when (ReplyStream.IsRetryable(ex, cancellationToken) || ex is ChatModelException)
        {
            await final.AbandonAsync(ReplyStream.ErrorCode(ex), ex.Message, cancellationToken).ConfigureAwait(false);
            throw new AdvisorUnavailableException(
                $"The advisor model '{ModelName(null)}' failed after {options.Value.StreamingAttempts} streaming attempt(s) and one non-streaming attempt: {ex.Message}", ex);
        }
    }

    private ModelStep Step(ChatDelta last, List<string> finals, int alreadySaid)
    {
        if (last.ToolCalls.Count == 0 && finals.Count == 0 && alreadySaid == 0)
        {
            throw new ReplyInterruptedException("model_error", "the model returned neither text nor tool calls");
        }

        var calls = last.ToolCalls.Select(c => new ToolCallRequest(c.CallId, c.Name, ArgumentsOf(c))).ToList();
        return new ModelStep([.. finals], calls, ModelName(last.ModelId));
    }

    /// <summary>The configured model's name (what the analysis reports), else the one the server named.</summary>
    private string ModelName(string? answered) =>
        client.GetService<ChatClientMetadata>()?.DefaultModelId ?? answered ?? "unknown";

    private static JsonElement ArgumentsOf(FunctionCallContent call) =>
        JsonSerializer.SerializeToElement(call.Arguments ?? new Dictionary<string, object?>(), AIJsonUtilities.DefaultOptions);

    private ReplyEmitter NewEmitter(RunContext run, Persona persona, int attempt, List<string> finals, RunLiveness liveness, string prefix) =>
        new(events, run, persona, attempt, finals, liveness,
            TimeSpan.FromMilliseconds(streamingOptions.Value.CoalesceMilliseconds), options.Value.PacingScale, timeProvider, prefix);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Turn {TurnId} model call {Step} attempt {Attempt} failed: {Reason}")]
    private partial void LogAttemptFailed(string turnId, int step, int attempt, string reason);
}
