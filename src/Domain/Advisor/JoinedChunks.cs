using Microsoft.Extensions.AI;

namespace PortfolioAdvisor.Advisor;

/// <summary>
/// The <see cref="ChatResponseUpdate.RawRepresentation"/> of an update from <see cref="TextStreamingChatClient"/> whose
/// text joins <see cref="Count"/> model chunks that had arrived together, so metering can still count the model's
/// chunks.
/// </summary>
/// <param name="count">The chunks joined (1 or more).</param>
/// <param name="holdsAllArrived">True when no further chunk had arrived: the next read waits.</param>
internal sealed class JoinedChunks(int count, bool holdsAllArrived)
{
    /// <summary>One chunk, after which nothing had arrived (the common case, shared).</summary>
    public static readonly JoinedChunks OneHoldingAllArrived = new(1, holdsAllArrived: true);

    /// <summary>The chunks joined.</summary>
    public int Count { get; } = count;

    /// <summary>True when no further chunk had arrived when the update was made.</summary>
    public bool HoldsAllArrived { get; } = holdsAllArrived;

    /// <summary>The model chunks <paramref name="update"/> stands for: its <see cref="Count"/>, else 1.</summary>
    public static int Of(ChatResponseUpdate update) => update.RawRepresentation is JoinedChunks joined ? joined.Count : 1;
}
