using System.Text;
using PortfolioAdvisor.Orchestration;
using PortfolioAdvisor.Recommendations;

namespace PortfolioAdvisor.Advisor;

/// <summary>
/// Writes a real reply from the analysis' own figures, without a language model, in the persona's voice: several short
/// warm messages for a multi-message persona, one structured message otherwise. Always English.
/// </summary>
public static class OfflineReplyWriter
{
    /// <summary>The first line of every offline reply.</summary>
    public const string Label = "(Offline advisor — no language model configured; this reply is written from the figures.)";

    /// <summary>The reply's messages (paragraphs) in order; a multi-message persona's are meant to be sent separately.</summary>
    public static IReadOnlyList<string> Write(AdvisorInput input, Persona persona)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(persona);
        var label = Label + LanguageNote(input.Language);
        return persona.MultiMessage ? Warm(input, label) : [Structured(input, label)];
    }

    private static string LanguageNote(string language) =>
        language.StartsWith("en", StringComparison.OrdinalIgnoreCase)
            ? ""
            : $" Offline replies are in English (you asked for '{language}').";

    private static List<string> Warm(AdvisorInput input, string label)
    {
        var (portfolio, risk, perf) = (input.Portfolio, input.Risk, input.Performance);
        var largest = portfolio.Holdings.MaxBy(h => h.Weight);
        var messages = new List<string>
        {
            $"{label}\nHi! I've looked through your portfolio 😊 As of {Figures.Date(portfolio.AsOf)} it's worth {Figures.Usd(portfolio.TotalValue)}, spread over {portfolio.Holdings.Count} fund{(portfolio.Holdings.Count == 1 ? "" : "s")}.",
        };
        if (largest is not null)
        {
            messages.Add($"Your biggest holding is {largest.Ticker} ({largest.Name}) at {Figures.Pct(largest.Weight)} of the total.");
        }

        messages.Add($"Over the last {risk.LookbackDays} trading days it swung about {Figures.Pct(risk.AnnualizedVolatility)} a year. "
            + $"The deepest fall from a peak was {Figures.Pct(risk.MaxDrawdown)}, and on a bad day (1 in 20) it could lose around {Figures.Pct(risk.ValueAtRisk95)}. "
            + $"Its Sharpe ratio is {Figures.Ratio(risk.SharpeRatio)}.");
        messages.Add(perf.TotalReturn1Y is { } r1
            ? $"Over the past year it returned {Figures.SignedPct(r1)}, while {perf.Benchmark}, the whole US market, did {Figures.SignedPct(perf.BenchmarkTotalReturn1Y)}."
            : $"Since {Figures.Date(perf.StartDate)} it returned {Figures.SignedPct(perf.TotalReturnSinceStart)}, while {perf.Benchmark} did {Figures.SignedPct(perf.BenchmarkTotalReturnSinceStart)}.");
        foreach (var recommendation in input.Recommendations)
        {
            // Rationales often open with their title's words; say them once.
            var lead = recommendation.Rationale.StartsWith(recommendation.Title, StringComparison.Ordinal) ? "" : $"{recommendation.Title}. ";
            messages.Add($"One thing I'd look at: {lead}{recommendation.Rationale}{TradesNotInRationale(recommendation)}");
        }

        if (input.Recommendations.Count == 0)
        {
            messages.Add($"Good news: nothing needs changing for a {input.RiskProfile} investor right now.");
        }

        messages.Add("That's all from me for now. Take your time, and ask me if anything is unclear! 🌸");
        return messages;
    }

    private static string Structured(AdvisorInput input, string label)
    {
        var (portfolio, risk, perf) = (input.Portfolio, input.Risk, input.Performance);
        var largest = portfolio.Holdings.MaxBy(h => h.Weight);
        var text = new StringBuilder().AppendLine(label);
        text.AppendLine(input.Recommendations.Count == 0
            ? $"Verdict: {portfolio.Holdings.Count} holdings worth {Figures.Usd(portfolio.TotalValue)} as of {Figures.Date(portfolio.AsOf)}; no changes needed for a {input.RiskProfile} profile."
            : $"Verdict: {portfolio.Holdings.Count} holdings worth {Figures.Usd(portfolio.TotalValue)} as of {Figures.Date(portfolio.AsOf)}; {input.Recommendations.Count} recommendation(s) for a {input.RiskProfile} profile.");
        if (largest is not null)
        {
            text.AppendLine($"Allocation: largest holding {largest.Ticker} ({largest.Name}) at {Figures.Pct(largest.Weight)}; Herfindahl index {Figures.Ratio(risk.HerfindahlIndex)}.");
        }

        text.AppendLine($"Risk ({risk.LookbackDays} trading days): annualized volatility {Figures.Pct(risk.AnnualizedVolatility)}, max drawdown {Figures.Pct(risk.MaxDrawdown)}, "
            + $"one-day 95% VaR {Figures.Pct(risk.ValueAtRisk95)} (CVaR {Figures.Pct(risk.ConditionalValueAtRisk95)}), beta {Figures.Ratio(risk.Beta)} vs {risk.Benchmark}, Sharpe {Figures.Ratio(risk.SharpeRatio)}.");
        text.AppendLine($"Performance: 1-year {Figures.SignedPct(perf.TotalReturn1Y)} vs {perf.Benchmark} {Figures.SignedPct(perf.BenchmarkTotalReturn1Y)}; "
            + $"3-year {Figures.SignedPct(perf.TotalReturn3Y)} vs {Figures.SignedPct(perf.BenchmarkTotalReturn3Y)} (CAGR {Figures.SignedPct(perf.Cagr3Y)}); "
            + $"since {Figures.Date(perf.StartDate)} {Figures.SignedPct(perf.TotalReturnSinceStart)} vs {Figures.SignedPct(perf.BenchmarkTotalReturnSinceStart)}.");
        if (input.Recommendations.Count > 0)
        {
            text.AppendLine("What to do:");
            var index = 1;
            foreach (var recommendation in input.Recommendations)
            {
                text.AppendLine($"{index++}. [{recommendation.Severity}] {recommendation.Title}. {recommendation.Rationale}{TradesNotInRationale(recommendation)}");
            }
        }

        return text.ToString().TrimEnd();
    }

    /// <summary>The trades the rationale does not already spell out, so the reply names each trade once.</summary>
    private static string TradesNotInRationale(Recommendation recommendation)
    {
        var missing = recommendation.Trades
            .Select(t => $"{t.Action} {Figures.Shares(t.Shares)} {t.Ticker} ({Figures.Usd(t.AmountUsd)})")
            .Where(trade => !recommendation.Rationale.Contains(trade, StringComparison.Ordinal))
            .ToArray();
        return missing.Length == 0 ? "" : " Trades: " + string.Join("; ", missing) + ".";
    }
}
