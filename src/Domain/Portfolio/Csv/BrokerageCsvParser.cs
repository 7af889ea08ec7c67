using CsvHelper;

namespace PortfolioAdvisor.Portfolio.Csv;

/// <summary>
/// Reads a brokerage positions export (Fidelity, Schwab, Vanguard; see <c>data/portfolios/FORMATS.md</c>) into a draft.
/// Lines before a recognised header (titles) are skipped. A blank line followed by a line narrower than the header (a
/// footer, a disclaimer, the next account's title) ends a section: lines are skipped until the next positions header
/// (Schwab's all-accounts export repeats title and header per account). Two blank lines or a transactions header end
/// the positions (Vanguard's transactions block follows them and is never read). Cash lines are skipped (<see cref="CashLines"/>). Errors are keyed <c>row N.Column</c>, N the line
/// number in the file (1-based, as a spreadsheet numbers rows) and Column the header's name for it.
/// </summary>
internal static class BrokerageCsvParser
{
    public static PortfolioDraft Parse(string text, string? persona, string? riskProfile, string? language)
    {
        var errors = new ValidationErrors();
        var holdings = new List<DraftHolding>();
        var options = new CsvReaderOptions
        {
            Separator = ',',
            HasHeader = false,
            Mode = CsvMode.Rfc4180,
            SkipEmptyLines = false,
            TrackLineNumbers = true,
            TrimWhitespace = true,
            OnMalformedRecord = record => errors.Add($"row {record.LineNumber}", $"malformed CSV: {Describe(record.Reason)}"),
        };
        using var reader = CsvReader.FromText(text.TrimStart('\uFEFF'), options);

        CsvLayout? layout = null;
        var seenHeader = false;
        var blankRun = 0;
        while (reader.Read())
        {
            var line = (int)reader.LineNumber;
            var cells = reader.Current.ToArray();
            if (cells.All(string.IsNullOrWhiteSpace))
            {
                blankRun++;
                continue;
            }

            var gap = blankRun;
            blankRun = 0;
            if (seenHeader && (gap >= 2 || CsvLayout.IsTransactionsHeader(cells)))
            {
                break;
            }

            if (CsvLayout.Detect(cells) is { } header)
            {
                (layout, seenHeader) = (header, true);
                continue;
            }

            if (layout is null)
            {
                continue;
            }

            if (gap >= 1 && cells.Length < layout.Width)
            {
                // A footer, or the title line of the next account's section, whose own header follows.
                layout = null;
                continue;
            }

            if (ReadRow(cells, line, layout, errors) is { } holding)
            {
                holdings.Add(holding);
            }
        }

        if (!seenHeader)
        {
            errors.Add("header", "no positions header found: a row naming a Symbol column and a Quantity, Qty or Shares column");
        }

        return new PortfolioDraft(holdings, persona, riskProfile, language, errors,
            "the file holds no positions (cash and money-market lines are not holdings)");
    }

    private static string Describe(CsvMalformedReason reason) => reason switch
    {
        CsvMalformedReason.StrayQuote => "a quote inside an unquoted cell",
        CsvMalformedReason.TextAfterClosingQuote => "text after a closing quote",
        CsvMalformedReason.UnterminatedQuote => "a quoted cell is never closed",
        _ => reason.ToString(),
    };

    private static DraftHolding? ReadRow(string[] cells, int line, CsvLayout layout, ValidationErrors errors)
    {
        string? Cell(int? index) => index is { } i && i < cells.Length ? cells[i].Trim() : null;
        string Key(int index) => $"row {line}.{layout.Header[index]}";

        var symbol = Cell(layout.Symbol);
        if (symbol is not null && CashLines.IsCash(symbol, Cell(layout.AssetType)))
        {
            return null;
        }

        if (cells.Length < layout.Width)
        {
            errors.Add(Key(cells.Length), $"missing: the row has {cells.Length} columns, the header {layout.Width}");
            return null;
        }

        var keys = new HoldingFieldKeys(Key(layout.Symbol), Key(layout.Quantity), layout.CostBasis is { } c ? Key(c) : $"row {line}.Cost Basis");
        double? shares = null;
        var quantity = Cell(layout.Quantity)!;
        switch (CsvNumber.Parse(quantity, out var parsedShares))
        {
            case CsvNumberKind.Number:
                shares = parsedShares;
                break;
            case CsvNumberKind.Empty:
                errors.Add(keys.Shares, "is empty");
                break;
            default:
                errors.Add(keys.Shares, $"{TickerRules.Show(quantity)} is not a number");
                break;
        }

        double? costBasis = null;
        if (Cell(layout.CostBasis) is { } cost)
        {
            switch (CsvNumber.Parse(cost, out var parsedCost))
            {
                case CsvNumberKind.Number:
                    costBasis = parsedCost;
                    break;
                case CsvNumberKind.Invalid:
                    errors.Add(keys.CostBasis, $"{TickerRules.Show(cost)} is not a number");
                    break;
            }
        }

        return new DraftHolding(symbol, shares, costBasis, keys);
    }
}
