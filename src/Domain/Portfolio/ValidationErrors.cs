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

    /// <summary>Throws when anything was collected.</summary>
    /// <exception cref="PortfolioValidationException">At least one error.</exception>
    public void ThrowIfAny()
    {
        if (!Any)
        {
            return;
        }

        var count = Count;
        throw new PortfolioValidationException(
            count == 1 ? "The portfolio has 1 error." : $"The portfolio has {count} errors.",
            errors.ToDictionary(pair => pair.Key, pair => pair.Value.ToArray(), StringComparer.Ordinal));
    }
}
