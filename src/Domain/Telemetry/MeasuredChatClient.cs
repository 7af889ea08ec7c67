using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using PortfolioAdvisor.Advisor;

namespace PortfolioAdvisor.Telemetry;

/// <summary>
/// Measures the model side of each call on <see cref="AdvisorTelemetry.Meter"/>: time per output token and output
/// tokens per second of each streamed reply, and failed calls by kind (<see cref="ModelErrorKinds"/>). It adds what
/// Microsoft.Extensions.AI's <c>UseOpenTelemetry()</c> does not emit; that client's <c>gen_ai.client.operation.duration</c>,
/// <c>gen_ai.client.operation.time_to_first_chunk</c> (time to first token from the request) and
/// <c>gen_ai.client.token.usage</c> are not repeated here. Output tokens are the usage the model reports, else the
/// number of model chunks carrying text (an update may join several, <see cref="JoinedChunks"/>). A call the caller abandons after <paramref name="stallAfter"/> without an
/// update counts as <c>stall</c> (updates came before) or <c>timeout</c> (none came).
/// </summary>
/// <param name="innerClient">The client measured.</param>
/// <param name="timeProvider">The clock (default: <see cref="TimeProvider.System"/>).</param>
/// <param name="stallAfter">The caller's stall limit (e.g. <c>Advisor:StallTimeoutSeconds</c>); null: abandoned calls count as cancelled.</param>
public sealed class MeasuredChatClient(IChatClient innerClient, TimeProvider? timeProvider = null, TimeSpan? stallAfter = null)
    : DelegatingChatClient(innerClient)
{
    private static readonly Histogram<double> TimePerOutputToken = AdvisorTelemetry.Meter.CreateHistogram(
        "advisor.model.time_per_output_token", "s", "Per streamed reply: time from its first to its last output token over the tokens after the first.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = Buckets.PerToken });

    private static readonly Histogram<double> TokensPerSecond = AdvisorTelemetry.Meter.CreateHistogram(
        "advisor.model.output_tokens_per_second", "{token}/s", "Per streamed reply: output tokens over the time from the request to the last token.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = Buckets.Rate });

    private static readonly Counter<long> Errors = AdvisorTelemetry.Meter.CreateCounter<long>(
        "advisor.model.errors", "{error}", "Model calls that failed, by error.type.");

    private readonly TimeProvider time = timeProvider ?? TimeProvider.System;
    private string? defaultModel;

    /// <inheritdoc />
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        try
        {
            return await base.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            CountError(ModelErrorKinds.Of(ex, cancellationToken), options);
            throw;
        }
    }

    /// <inheritdoc />
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var call = new StreamingCall(time.GetTimestamp());
        var updates = base.GetStreamingResponseAsync(messages, options, cancellationToken).GetAsyncEnumerator(cancellationToken);
        try
        {
            while (true)
            {
                try
                {
                    if (!await updates.MoveNextAsync().ConfigureAwait(false))
                    {
                        call.Ended = true;
                        break;
                    }
                }
                catch (Exception ex)
                {
                    call.Error = ModelErrorKinds.Of(ex, cancellationToken);
                    throw;
                }

                call.Saw(updates.Current, time.GetTimestamp());
                yield return updates.Current;
            }
        }
        finally
        {
            await updates.DisposeAsync().ConfigureAwait(false);
            Record(call, options);
        }
    }

    private void Record(StreamingCall call, ChatOptions? options)
    {
        var error = call.Ended ? (call.Finished ? null : ModelErrorKinds.Drop) : Abandoned(call);
        if (error is not null)
        {
            CountError(error, options);
            return;
        }

        var tokens = call.OutputTokens;
        var model = new KeyValuePair<string, object?>(AdvisorTelemetry.RequestModel, ModelOf(options));
        if (tokens > 1)
        {
            TimePerOutputToken.Record(time.GetElapsedTime(call.FirstAt, call.LastAt).TotalSeconds / (tokens - 1), model);
        }

        var seconds = time.GetElapsedTime(call.StartedAt, call.LastAt).TotalSeconds;
        if (tokens > 0 && seconds > 0)
        {
            TokensPerSecond.Record(tokens / seconds, model);
        }
    }

    /// <summary>The kind of a call stopped before its end: its own exception's, or a passed limit's, or cancelled.</summary>
    private string? Abandoned(StreamingCall call)
    {
        if (call.Error is { } error && error != ModelErrorKinds.Cancelled)
        {
            return error;
        }

        var silentFor = time.GetElapsedTime(call.LastAt);
        return stallAfter is { } limit && silentFor >= limit
            ? call.Updates > 0 ? ModelErrorKinds.Stall : ModelErrorKinds.Timeout
            : null;
    }

    private void CountError(string error, ChatOptions? options)
    {
        if (error == ModelErrorKinds.Cancelled)
        {
            return;
        }

        Errors.Add(1, new KeyValuePair<string, object?>(AdvisorTelemetry.ErrorType, error),
            new KeyValuePair<string, object?>(AdvisorTelemetry.RequestModel, ModelOf(options)));
    }

    private string? ModelOf(ChatOptions? options) =>
        options?.ModelId ?? (defaultModel ??= (GetService(typeof(ChatClientMetadata)) as ChatClientMetadata)?.DefaultModelId);

    /// <summary>What one streamed call saw: timestamps of its first and last text, its usage and its finish reason.</summary>
    private sealed class StreamingCall(long startedAt)
    {
        public long StartedAt { get; } = startedAt;

        public long FirstAt { get; private set; }

        public long LastAt { get; private set; } = startedAt;

        public int Updates { get; private set; }

        public int Texts { get; private set; }

        public long? ReportedTokens { get; private set; }

        public bool Finished { get; private set; }

        public bool Ended { get; set; }

        public string? Error { get; set; }

        public long OutputTokens => ReportedTokens ?? Texts;

        public void Saw(ChatResponseUpdate update, long timestamp)
        {
            Updates++;
            LastAt = timestamp;
            Finished |= update.FinishReason is not null;
            foreach (var content in update.Contents)
            {
                switch (content)
                {
                    case TextContent { Text.Length: > 0 }:
                        if (Texts == 0)
                        {
                            FirstAt = timestamp;
                        }

                        Texts += JoinedChunks.Of(update);
                        break;
                    case UsageContent { Details.OutputTokenCount: { } output }:
                        ReportedTokens = output;
                        break;
                }
            }
        }
    }
}
