namespace PortfolioAdvisor.MarketData { internal static class TmpMd { public static IHostApplicationBuilder AddMarketData(this IHostApplicationBuilder b) => b; } }
namespace PortfolioAdvisor.Advisor { internal static class TmpAd { public static IHostApplicationBuilder AddAdvisor(this IHostApplicationBuilder b) => b; } }
