using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using PortfolioAdvisor.Portfolio.Screenshots;
using PortfolioAdvisor.Recommendations;

namespace PortfolioAdvisor.Portfolio;

/// <summary>Registers the portfolio input side: <see cref="VisionOptions"/>, the screenshot reader and <see cref="PortfolioRequestReader"/>.</summary>
public static class PortfolioInputExtensions
{
    /// <summary>
    /// Binds <see cref="VisionOptions"/> from the <c>Vision</c> section and registers a singleton
    /// <see cref="PortfolioRequestReader"/> validating against <paramref name="knownTickers"/>, <paramref name="personas"/>
    /// and <see cref="RiskProfile.Names"/>. Screenshots are read by a registered <see cref="IPortfolioScreenshotReader"/>
    /// if there is one, else by <see cref="OpenAIPortfolioScreenshotReader"/> when the options are configured, else they
    /// answer 422.
    /// </summary>
    /// <param name="builder">The host builder.</param>
    /// <param name="knownTickers">Gives the market data's tickers, e.g. <c>sp => sp.GetRequiredService&lt;MarketDataSet&gt;().Tickers</c>.</param>
    /// <param name="personas">The persona names.</param>
    /// <returns>The builder.</returns>
    public static IHostApplicationBuilder AddPortfolioInput(
        this IHostApplicationBuilder builder,
        Func<IServiceProvider, IReadOnlyCollection<string>> knownTickers,
        IReadOnlyCollection<string> personas)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(knownTickers);
        ArgumentNullException.ThrowIfNull(personas);
        builder.Services.AddOptions<VisionOptions>()
            .BindConfiguration(VisionOptions.SectionName)
            .Validate(o => o.Endpoint is null || o.Endpoint.IsAbsoluteUri && o.Endpoint.Scheme is "http" or "https", "Vision:Endpoint must be an absolute http(s) URL.")
            .Validate(o => o.TimeoutSeconds > 0, "Vision:TimeoutSeconds must be positive.")
            .ValidateOnStart();
        builder.Services.AddSingleton(sp =>
        {
            var vision = sp.GetRequiredService<IOptions<VisionOptions>>().Value;
            var screenshots = sp.GetService<IPortfolioScreenshotReader>()
                ?? (vision.IsConfigured ? new OpenAIPortfolioScreenshotReader(OpenAIPortfolioScreenshotReader.CreateClient(vision), vision.Temperature) : null);
            return new PortfolioRequestReader(knownTickers(sp), personas, RiskProfile.Names, screenshots);
        });
        return builder;
    }
}
