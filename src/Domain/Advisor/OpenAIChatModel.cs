using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

namespace PortfolioAdvisor.Advisor;

/// <summary>
/// The analysis advisor's <see cref="IChatModel"/> as a thin adapter over the process's one <see cref="IChatClient"/>
/// (Microsoft.Extensions.AI over the OpenAI package, see <see cref="OpenAIChatClientFactory"/>), the model port the
/// turn's agent loop uses too. The client's settings (<c>max_completion_tokens</c>, <c>reasoning_effort</c>) are applied
/// by the client itself; its own retries are off because the advisor owns retries. Failures surface as
/// <see cref="ChatModelException"/>.
/// </summary>
public sealed class OpenAIChatModel(IChatClient client, IOptions<AdvisorOptions> options) : IChatModel
{
    /// <inheritdoc />
    public string Name => options.Value.Model ?? "";

    /// <inheritdoc />
    public IAsyncEnumerable<ChatDelta> StreamAsync(ChatRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return ChatClientStream.StreamAsync(client, ToMessages(request.Turns), null, cancellationToken);
    }

    /// <inheritdoc />
    public Task<ChatDelta> CompleteAsync(ChatRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return ChatClientStream.CompleteAsync(client, ToMessages(request.Turns), null, cancellationToken);
    }

    private static List<ChatMessage> ToMessages(IReadOnlyList<ChatTurn> turns) =>
        [.. turns.Select(turn => new ChatMessage(turn.Role switch
        {
            "system" => ChatRole.System,
            "assistant" => ChatRole.Assistant,
            _ => ChatRole.User,
        }, turn.Content))];
}
