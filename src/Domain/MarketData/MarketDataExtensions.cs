using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace PortfolioAdvisor.MarketData;

/// <summary>Registers the bundled market data.</summary>
public static class MarketDataExtensions
{
    /// <summary>Loads the bundled <c>data/</c> folder now (<see cref="MarketDataSet.LoadBundled"/>), so a host without its
    /// data fails at startup rather than on its first request, and registers it as a singleton.</summary>
    /// <exception cref="IOException">The data files are missing or unreadable.</exception>
    /// <exception cref="InvalidDataException">A data file is malformed.</exception>
    public static IHostApplicationBuilder AddMarketData(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton(MarketDataSet.LoadBundled());
        return builder;
    }
}
