using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace PortfolioAdvisor.Advisor;

/// <summary>
/// The offline advisor, used when no model is configured: streams <see cref="OfflineReplyWriter"/>'s reply word by word
/// at <see cref="AdvisorOptions.OfflineTokensPerSecond"/>, continuing after the messages an earlier attempt already said.
/// </summary>
public sealed partial class OfflineChatModel(IOptions<AdvisorOptions> options, TimeProvider timeProvider) : IChatModel
{
    /// <summary>The model name the offline advisor reports: <c>offline</c>.</summary>
    public const string ModelName = "offline";

    /// <inheritdoc />
    public string Name => ModelName;

    /// <inheritdoc />
    public async IAsyncEnumerable<ChatDelta> StreamAsync(ChatRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var interval = TimeSpan.FromSeconds(1 / options.Value.OfflineTokensPerSecond);
        foreach (Match word in Word().Matches(Text(request)))
        {
            await Task.Delay(interval, timeProvider, cancellationToken).ConfigureAwait(false);
            yield return new ChatDelta(word.Value);
        }

        yield return new ChatDelta("", "stop");
    }

    /// <inheritdoc />
    public Task<ChatDelta> CompleteAsync(ChatRequest request, CancellationToken cancellationToken = default) =>
        Task.FromResult(new ChatDelta(Text(request), "stop"));

    private static string Text(ChatRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var messages = OfflineReplyWriter.Write(request.Input, request.Persona);
        // A multi-message reply continues after what was already delivered; a single message is written whole again.
        var remaining = request.Persona.MultiMessage ? messages.Skip(request.AlreadySaid.Count) : messages;
        return string.Join("\n\n", remaining);
    }

    /// <summary>A word with the whitespace after it: the offline advisor's token.</summary>
    [GeneratedRegex(@"\S+\s*")]
    private static partial Regex Word();
}
