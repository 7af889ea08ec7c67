using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PortfolioAdvisor.Advisor;
using PortfolioAdvisor.Conversations;
using PortfolioAdvisor.Functions.Activities;
using PortfolioAdvisor.Functions.Http;
using PortfolioAdvisor.Functions.SignalR;
using PortfolioAdvisor.Functions.Storage;
using PortfolioAdvisor.Functions.Telemetry;
using PortfolioAdvisor.MarketData;
using PortfolioAdvisor.Portfolio;

var builder = FunctionsApplication.CreateBuilder(args);

// HTTP through ASP.NET Core (HttpRequest/HttpResponse): needed for the SSE stream.
builder.ConfigureFunctionsWebApplication();

builder.AddMarketData();
builder.AddPortfolioInput(services => services.GetRequiredService<MarketDataSet>().Tickers, PersonaCatalog.Names);
builder.AddAdvisor();
builder.AddConversationTools();
builder.AddTableEventLog();
builder.AddAdvisorHub();
builder.AddAnalysisActivities();
builder.AddConversationTurns();
builder.AddAnalysesApi();
builder.AddTelemetry();

builder.Build().Run();
