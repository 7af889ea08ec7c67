namespace PortfolioAdvisor.Portfolio;

/// <summary>
/// The input cannot be analysed. <see cref="Errors"/> maps each offending field (for holdings
/// <c>holdings[2].shares</c>; for CSV rows <c>row 4.Quantity</c>) to its reasons; hosts answer <c>400</c> with it
/// as problem details' <c>errors</c>.
/// </summary>
public sealed class PortfolioValidationException(string message, IReadOnlyDictionary<string, string[]> errors)
    : Exception(message)
{
    /// <summary>Field → reasons.</summary>
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;
}
