using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace PortfolioAdvisor.MarketData;

/// <summary>Registers the bundled market data.</summary>
public static class MarketDataExtensions
{
    /// <summary>Registers <see cref="MarketDataSet"/> as a singleton, loaded once from the bundled <c>data/</c> folder
    /// (<see cref="MarketDataSet.LoadBundled"/>) the first time it is resolved.</summary>
    public static IHostApplicationBuilder AddMarketData(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton(_ => MarketDataSet.LoadBundled());
        return builder;
    }
}
