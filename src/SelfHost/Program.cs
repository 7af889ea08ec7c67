using PortfolioAdvisor.Advisor;
using PortfolioAdvisor.Conversations;
using PortfolioAdvisor.Http;
using PortfolioAdvisor.MarketData;
using PortfolioAdvisor.Portfolio;
using PortfolioAdvisor.SelfHost;
using PortfolioAdvisor.SelfHost.Http;
using PortfolioAdvisor.SelfHost.Http.OpenApi;
using PortfolioAdvisor.SelfHost.Identity;
using PortfolioAdvisor.SelfHost.SignalR;
using PortfolioAdvisor.SelfHost.Telemetry;

var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, WebRootPath = WebRoot.Locate() });
InlineSocketCompletions.Apply(builder.Configuration);
builder.AddMarketData();
builder.AddPortfolioInput(services => services.GetRequiredService<MarketDataSet>().Tickers, PersonaCatalog.Names);
builder.AddAdvisor();
builder.AddConversationTools();
builder.AddConversationTurns();
builder.AddEmbeddedOrchestration();
builder.AddCallerIdentity();
builder.AddAdvisorHub();
builder.AddProblemResponses();
builder.AddAnalysesRoutes();
builder.AddConversationRoutes();
builder.AddAgUiRoute();
builder.AddCrossOrigin();
builder.AddApiDocument();
builder.AddTelemetry();

var app = builder.Build();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseWebPage();
app.UseCrossOrigin();
app.UseCallerIdentity();
app.MapAnalysesApi();
app.MapConversationsApi();
app.MapAgUiApi();
app.MapNegotiateApi();
app.MapHealthApi();
app.MapIdentityApi();
app.MapApiDocument();
app.MapHub<AdvisorHub>(NegotiateApi.HubPath).RequireCaller();
app.Run();

/// <summary>The self-host's entry point (public for WebApplicationFactory).</summary>
public partial class Program;
