using System.Globalization;
using CsvHelper;

namespace PortfolioAdvisor.MarketData;

/// <summary>Reads the market data's two CSV files with CsvHelper into an aligned <see cref="MarketDataSet"/>.</summary>
internal static class MarketDataCsv
{
    public static MarketDataSet Read(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        var funds = ReadFunds(Path.Combine(directory, "tickers.csv"));
        var pricesPath = Path.Combine(directory, "prices.csv");
        var rows = ReadPrices(pricesPath);

        var dates = rows.Select(r => r.Date).Distinct().Order().ToArray();
        var dateIndex = new Dictionary<DateOnly, int>(dates.Length);
        for (var t = 0; t < dates.Length; t++)
        {
            dateIndex[dates[t]] = t;
        }

        var fundIndex = new Dictionary<string, int>(funds.Count, StringComparer.OrdinalIgnoreCase);
        var series = new double[funds.Count][];
        for (var i = 0; i < funds.Count; i++)
        {
            fundIndex[funds[i].Ticker] = i;
            series[i] = new double[dates.Length];
            Array.Fill(series[i], double.NaN);
        }

        foreach (var (date, ticker, price, row) in rows)
        {
            if (!fundIndex.TryGetValue(ticker, out var i))
            {
                throw new InvalidDataException($"{pricesPath} row {row}: ticker {ticker} is not in tickers.csv.");
            }

            ref var slot = ref series[i][dateIndex[date]];
            if (!double.IsNaN(slot))
            {
                throw new InvalidDataException($"{pricesPath} row {row}: a second price for {ticker} on {date:yyyy-MM-dd}.");
            }

            slot = price;
        }

        return new MarketDataSet(dates, funds, series);
    }

    private static List<FundInfo> ReadFunds(string path)
    {
        var funds = new List<FundInfo>();
        ReadRows(path, ["ticker", "name", "assetClass"], (csv, columns, row) => funds.Add(new FundInfo(
            Required(csv, columns[0], path, row).ToUpperInvariant(),
            Required(csv, columns[1], path, row),
            Required(csv, columns[2], path, row))));
        return funds;
    }

    private static List<(DateOnly Date, string Ticker, double Price, int Row)> ReadPrices(string path)
    {
        var rows = new List<(DateOnly, string, double, int)>(32_768);
        ReadRows(path, ["date", "ticker", "adj_close"], (csv, columns, row) =>
        {
            var dateText = Required(csv, columns[0], path, row);
            if (!DateOnly.TryParseExact(dateText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                throw new InvalidDataException($"{path} row {row}: date '{dateText}' is not yyyy-MM-dd.");
            }

            if (!csv.TryParse<double>(columns[2], out var price) || !(price > 0 && double.IsFinite(price)))
            {
                throw new InvalidDataException($"{path} row {row}: adj_close '{csv.GetString(columns[2])}' is not a positive number.");
            }

            rows.Add((date, Required(csv, columns[1], path, row).ToUpperInvariant(), price, row));
        });
        return rows;
    }

    /// <remarks>Rows are numbered as a spreadsheet shows them: the header is row 1.</remarks>
    private static void ReadRows(string path, string[] names, Action<CsvReader, int[], int> readRow)
    {
        using var csv = CsvReader.FromFile(path, CsvReaderOptions.Default with { Separator = ',' });
        try
        {
            var columns = new int[names.Length];
            for (var c = 0; c < names.Length; c++)
            {
                if (!csv.TryGetFieldIndex(names[c], out columns[c]))
                {
                    throw new InvalidDataException($"{path} has no column '{names[c]}'.");
                }
            }

            while (csv.Read())
            {
                readRow(csv, columns, (int)csv.RowNumber + 1);
            }
        }
        catch (CsvFormatException ex)
        {
            throw new InvalidDataException($"{path}: {ex.Message}", ex);
        }
    }

    private static string Required(CsvReader csv, int column, string path, int row)
    {
        var value = column < csv.FieldCount ? csv.GetString(column).Trim() : string.Empty;
        return value.Length == 0
            ? throw new InvalidDataException($"{path} row {row}: column {column + 1} is empty.")
            : value;
    }
}
