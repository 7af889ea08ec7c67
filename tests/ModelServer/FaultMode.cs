using System.Globalization;

namespace PortfolioAdvisor.ModelServer;

/// <summary>
/// A fault named by the request's model, <c>fault:&lt;mode&gt;</c> or <c>fault:&lt;mode&gt;x&lt;n&gt;</c> (only the first
/// n requests naming that model fail; later ones are answered normally). Modes: <c>slow-first-token</c>, <c>stall</c>
/// (tokens, then silence until the client goes away), <c>drop</c> (tokens, then a clean end without finish reason or
/// <c>[DONE]</c>), <c>reset</c> (tokens, then the connection is aborted), <c>429</c> (with <c>Retry-After</c>), <c>500</c>, <c>401</c> (not retryable),
/// <c>malformed</c> (tokens, then a chunk that is not JSON), <c>long</c> (the reply repeated), <c>tool-loop</c> (whenever
/// tools are offered, calls the first of them again, for ever). A model name may join a fault to a tool script with
/// <c>|</c>, e.g. <c>tools:what_if|fault:dropx1</c> (see <see cref="ToolScript"/>); a break fault then counts the tool
/// call's argument chunks as tokens.
/// </summary>
public sealed record FaultMode(string Name, int? Times)
{
    /// <summary>The fault of <paramref name="model"/>, or null for a normal model name.</summary>
    public static FaultMode? Parse(string? model)
    {
        var part = model?.Split('|').FirstOrDefault(p => p.StartsWith("fault:", StringComparison.OrdinalIgnoreCase));
        if (part is null)
        {
            return null;
        }

        var mode = part["fault:".Length..];
        var x = mode.LastIndexOf('x');
        if (x > 0 && int.TryParse(mode[(x + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var times))
        {
            return new FaultMode(mode[..x], times);
        }

        return new FaultMode(mode, null);
    }
}
