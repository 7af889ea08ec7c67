using System.Text;
using PortfolioAdvisor.Orchestration;

namespace PortfolioAdvisor.Advisor;

/// <summary>
/// Builds the conversation sent to a language model: a system turn with the persona, the language and the rules, and a
/// user turn with the analysis as compact facts. The model is told to use only these figures, so its words agree with
/// the numbers in the output.
/// </summary>
public static class AdvisorPrompt
{
    /// <summary>
    /// The turns for <paramref name="input"/> in <paramref name="persona"/>'s voice. <paramref name="alreadySaid"/> are
    /// messages an earlier attempt already delivered: they are sent as the assistant's turns, and the model is asked to
    /// continue without repeating them.
    /// </summary>
    public static IReadOnlyList<ChatTurn> Build(AdvisorInput input, Persona persona, IReadOnlyList<string> alreadySaid)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(persona);
        ArgumentNullException.ThrowIfNull(alreadySaid);
        var turns = new List<ChatTurn>
        {
            new("system", SystemText(persona, input.Language)),
            new("user", "Here is the analysis of my portfolio. Please advise me.\n\n" + Facts(input)),
        };
        if (alreadySaid.Count > 0)
        {
            turns.Add(new("assistant", string.Join("\n\n", alreadySaid)));
            turns.Add(new("user", "Your reply was cut off after the messages above. Continue from there; do not repeat them."));
        }

        return turns;
    }

    /// <summary>The system turn: persona, language (BCP 47) and the rules on figures and layout.</summary>
    public static string SystemText(Persona persona, string language)
    {
        ArgumentNullException.ThrowIfNull(persona);
        var text = new StringBuilder()
            .AppendLine(persona.SystemPrompt)
            .AppendLine($"Reply in the language with BCP 47 tag '{language}'.")
            .AppendLine("Use only the figures given in the analysis facts; quote them as given and do not invent, "
                + "estimate or recompute any other number. Do not promise returns. This is general information, not personal financial advice.");
        text.AppendLine(persona.MultiMessage
            ? "Write 3 to 6 short chat messages and separate consecutive messages with one blank line (two line breaks). Do not use blank lines inside a message."
            : "Write a single message. Plain text or light Markdown.");
        return text.ToString();
    }

    /// <summary>The analysis as compact facts: holdings with weights, risk and performance as percentages, recommendations with rationale and trades.</summary>
    public static string Facts(AdvisorInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var (portfolio, risk, perf) = (input.Portfolio, input.Risk, input.Performance);
        var text = new StringBuilder()
            .AppendLine($"As of {Figures.Date(portfolio.AsOf)}; total value {Figures.Usd(portfolio.TotalValue)} ({portfolio.BaseCurrency}); risk profile {input.RiskProfile}.")
            .AppendLine("Holdings (ticker, name, asset class, weight, value, unrealized gain):");
        foreach (var h in portfolio.Holdings.OrderByDescending(h => h.Weight))
        {
            var gain = h.UnrealizedGain is { } g ? (g >= 0 ? "+" : "-") + Figures.Usd(Math.Abs(g)) : "n/a";
            text.AppendLine($"- {h.Ticker}, {h.Name}, {h.AssetClass}, {Figures.Pct(h.Weight)}, {Figures.Usd(h.MarketValue)}, {gain}");
        }

        text.AppendLine($"Risk over the last {risk.LookbackDays} trading days: annualized volatility {Figures.Pct(risk.AnnualizedVolatility)}, "
                + $"max drawdown {Figures.Pct(risk.MaxDrawdown)}, one-day 95% VaR {Figures.Pct(risk.ValueAtRisk95)}, "
                + $"95% CVaR {Figures.Pct(risk.ConditionalValueAtRisk95)}, beta vs {risk.Benchmark} {Figures.Ratio(risk.Beta)}, "
                + $"Sharpe ratio {Figures.Ratio(risk.SharpeRatio)} (risk-free {risk.RiskFree}), largest weight {Figures.Pct(risk.LargestWeight)}, "
                + $"Herfindahl index {Figures.Ratio(risk.HerfindahlIndex)}.")
            .AppendLine($"Performance with today's weights: 1-year {Figures.SignedPct(perf.TotalReturn1Y)} vs {perf.Benchmark} {Figures.SignedPct(perf.BenchmarkTotalReturn1Y)}; "
                + $"3-year {Figures.SignedPct(perf.TotalReturn3Y)} vs {Figures.SignedPct(perf.BenchmarkTotalReturn3Y)}; 3-year CAGR {Figures.SignedPct(perf.Cagr3Y)}; "
                + $"since {Figures.Date(perf.StartDate)} {Figures.SignedPct(perf.TotalReturnSinceStart)} vs {Figures.SignedPct(perf.BenchmarkTotalReturnSinceStart)} "
                + $"(CAGR {Figures.SignedPct(perf.CagrSinceStart)}).");
        if (input.Recommendations.Count == 0)
        {
            text.AppendLine("Recommendations: none; the portfolio fits the risk profile.");
            return text.ToString();
        }

        text.AppendLine("Recommendations:");
        foreach (var r in input.Recommendations)
        {
            text.AppendLine($"- [{r.Severity}] {r.Title}: {r.Rationale}");
            foreach (var t in r.Trades)
            {
                text.AppendLine($"  trade: {t.Action} {Figures.Shares(t.Shares)} {t.Ticker} ({Figures.Usd(t.AmountUsd)})");
            }
        }

        return text.ToString();
    }
}
