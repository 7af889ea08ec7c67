using PortfolioAdvisor.Recommendations;

namespace PortfolioAdvisor.Portfolio;

/// <summary>
/// The rules every request obeys whatever its content type (JSON, brokerage CSV, screenshot). All errors are collected
/// and thrown together.
/// <list type="bullet">
/// <item>At least one holding.</item>
/// <item>Tickers are trimmed and upper-cased; one that is empty, not ASCII letters/digits (control or Unicode
/// characters, a spreadsheet formula such as <c>=SUM(A1)</c>) or absent from the market data is an error, the latter
/// with the closest known tickers suggested ("did you mean VTI?").</item>
/// <item>Shares are finite, greater than zero and at most <see cref="MaxShares"/>.</item>
/// <item>A cost basis (total USD of the position) is optional, and when given finite and zero or more.</item>
/// <item>Duplicate tickers are <b>merged</b>, not rejected: one holding at the first occurrence's place with the shares
/// summed and the cost bases summed (the same fund held in several accounts, as Fidelity exports show it). When any
/// of the merged positions has no cost basis the merged one has none either, since a partial sum would overstate the
/// gain.</item>
/// <item>Persona and risk profile, when given, name a known one (case-insensitive; the catalogue's spelling is kept);
/// absent, empty or blank they default to <see cref="AnalysisRequest.DefaultPersona"/> and
/// <see cref="AnalysisRequest.DefaultRiskProfile"/>.</item>
/// <item>Language, when given, is a well-formed BCP 47 tag (RFC 5646 syntax); absent or blank it is
/// <see cref="AnalysisRequest.DefaultLanguage"/>.</item>
/// </list>
/// </summary>
public static class AnalysisRequestValidator
{
    /// <summary>The largest share count accepted for one holding: 1e9 (more is a typo, not a portfolio).</summary>
    public const double MaxShares = 1e9;

    /// <summary>Validates against <see cref="RiskProfile.Names"/>; see <see cref="Validate(AnalysisRequest, IReadOnlyCollection{string}, IReadOnlyCollection{string}, IReadOnlyCollection{string})"/>.</summary>
    /// <exception cref="PortfolioValidationException">Any rule broken; every offending field named.</exception>
    public static AnalysisRequest Validate(AnalysisRequest request, IReadOnlyCollection<string> knownTickers, IReadOnlyCollection<string> personas) =>
        Validate(request, knownTickers, personas, RiskProfile.Names);

    /// <summary>
    /// Returns the normalized request: tickers upper case, duplicates merged, defaults filled. Error keys are
    /// <c>holdings</c>, <c>holdings[i].ticker</c>, <c>holdings[i].shares</c>, <c>holdings[i].costBasis</c> (i = the
    /// index in <paramref name="request"/>), <c>persona</c>, <c>riskProfile</c> and <c>language</c>.
    /// </summary>
    /// <param name="request">The request as the client sent it.</param>
    /// <param name="knownTickers">The market data's tickers.</param>
    /// <param name="personas">The persona names.</param>
    /// <param name="riskProfiles">The risk profile names.</param>
    /// <exception cref="PortfolioValidationException">Any rule broken; every offending field named.</exception>
    public static AnalysisRequest Validate(
        AnalysisRequest request,
        IReadOnlyCollection<string> knownTickers,
        IReadOnlyCollection<string> personas,
        IReadOnlyCollection<string> riskProfiles)
    {
        ArgumentNullException.ThrowIfNull(request);
        var holdings = (request.Holdings ?? [])
            .Select((holding, index) => new DraftHolding(holding?.Ticker, holding?.Shares, holding?.CostBasis, HoldingFieldKeys.ForIndex(index)))
            .ToList();
        var draft = new PortfolioDraft(holdings, request.Persona, request.RiskProfile, request.Language, new ValidationErrors());
        return Validate(draft, new InputCatalog(knownTickers, personas, riskProfiles));
    }

    internal static AnalysisRequest Validate(PortfolioDraft draft, InputCatalog catalog)
    {
        var errors = draft.Errors;
        if (draft.Holdings.Count == 0 && !errors.Any)
        {
            errors.Add("holdings", draft.NoHoldingsReason);
        }

        var merged = new Dictionary<string, HoldingInput>(StringComparer.Ordinal);
        foreach (var holding in draft.Holdings)
        {
            var ticker = CheckTicker(holding, catalog, errors);
            var shares = CheckShares(holding, errors);
            var costOk = CheckCostBasis(holding, errors);
            if (ticker is not null && shares is not null && costOk)
            {
                merged[ticker] = merged.TryGetValue(ticker, out var earlier)
                    ? new HoldingInput(ticker, earlier.Shares + shares.Value, earlier.CostBasis + holding.CostBasis)
                    : new HoldingInput(ticker, shares.Value, holding.CostBasis);
            }
        }

        var persona = Choose("persona", draft.Persona, catalog.Personas, AnalysisRequest.DefaultPersona, errors);
        var riskProfile = Choose("riskProfile", draft.RiskProfile, catalog.RiskProfiles, AnalysisRequest.DefaultRiskProfile, errors);
        var language = CheckLanguage(draft.Language, errors);
        errors.ThrowIfAny();
        return new AnalysisRequest([.. merged.Values], persona, riskProfile, language);
    }

    private static string? CheckTicker(DraftHolding holding, InputCatalog catalog, ValidationErrors errors)
    {
        if (holding.Ticker is null)
        {
            if (!errors.Has(holding.Keys.Ticker))
            {
                errors.Add(holding.Keys.Ticker, "is required");
            }

            return null;
        }

        var ticker = TickerRules.Normalize(holding.Ticker);
        if (TickerRules.FormatProblem(ticker) is { } problem)
        {
            errors.Add(holding.Keys.Ticker, problem);
            return null;
        }

        if (catalog.Tickers.Contains(ticker))
        {
            return ticker;
        }

        var suggestions = TickerRules.Suggest(ticker, catalog.Tickers);
        errors.Add(
            holding.Keys.Ticker,
            suggestions.Count == 0
                ? $"{ticker} is not in the market data"
                : $"{ticker} is not in the market data → did you mean {string.Join(" or ", suggestions)}?");
        return null;
    }

    private static double? CheckShares(DraftHolding holding, ValidationErrors errors)
    {
        var problem = holding.Shares switch
        {
            null when errors.Has(holding.Keys.Shares) => "",
            null => "is required",
            { } s when !double.IsFinite(s) => "must be a finite number",
            <= 0 => $"must be greater than zero (got {holding.Shares})",
            > MaxShares => $"is absurd: more than {MaxShares:0e0} shares (got {holding.Shares})",
            _ => null,
        };
        if (problem is null)
        {
            return holding.Shares;
        }

        if (problem.Length > 0)
        {
            errors.Add(holding.Keys.Shares, problem);
        }

        return null;
    }

    private static bool CheckCostBasis(DraftHolding holding, ValidationErrors errors)
    {
        if (errors.Has(holding.Keys.CostBasis))
        {
            return false;
        }

        var problem = holding.CostBasis switch
        {
            null => null,
            { } c when !double.IsFinite(c) => "must be a finite number",
            < 0 => $"must be zero or more (got {holding.CostBasis})",
            _ => null,
        };
        if (problem is not null)
        {
            errors.Add(holding.Keys.CostBasis, problem);
        }

        return problem is null;
    }

    private static string Choose(string field, string? value, IReadOnlyList<string> names, string fallback, ValidationErrors errors)
    {
        if (errors.Has(field))
        {
            return fallback;
        }

        if (string.IsNullOrWhiteSpace(value))
        {
            return fallback;
        }

        var trimmed = value.Trim();
        var known = names.FirstOrDefault(name => string.Equals(name, trimmed, StringComparison.OrdinalIgnoreCase));
        if (known is null)
        {
            errors.Add(field, $"unknown {TickerRules.Show(trimmed)}; use one of: {string.Join(", ", names)}");
        }

        return known ?? fallback;
    }

    private static string CheckLanguage(string? value, ValidationErrors errors)
    {
        if (errors.Has("language") || string.IsNullOrWhiteSpace(value))
        {
            return AnalysisRequest.DefaultLanguage;
        }

        var trimmed = value.Trim();
        if (!LanguageTag.IsWellFormed(trimmed))
        {
            errors.Add("language", $"{TickerRules.Show(trimmed)} is not a well-formed BCP 47 language tag (e.g. en, zh-Hans, pt-BR)");
        }

        return trimmed;
    }
}
