namespace PortfolioAdvisor.Portfolio;

/// <summary>Collects every validation error of one request (field → reasons) so the answer names them all, not the first.</summary>
internal sealed class ValidationErrors
{
    private readonly Dictionary<string, List<string>> errors = new(StringComparer.Ordinal);

    public bool Any => errors.Count > 0;

    public int Count => errors.Values.Sum(reasons => reasons.Count);

    public bool Has(string field) => errors.ContainsKey(field);

    public void Add(string field, string reason)
    {
        if (!errors.TryGetValue(field, out var reasons))
        {
            errors[field] = reasons = [];
        }

        reasons.Add(reason);
    }

    /// <summary>Throws when anything was collected; the message names <paramref name="subject"/> ("The portfolio has 2 errors.").</summary>
    /// <exception cref="PortfolioValidationException">At least one error.</exception>
    public void ThrowIfAny(string subject = "portfolio")
    {
        if (!Any)
        {
            return;
        }

        var count = Count;
        throw new PortfolioValidationException(
            count == 1 ? $"The {subject} has 1 error." : $"The {subject} has {count} errors.",
            errors.ToDictionary(pair => pair.Key, pair => pair.Value.ToArray(), StringComparer.Ordinal));
    }
}
