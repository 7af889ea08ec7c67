using PortfolioAdvisor.Advisor;
using PortfolioAdvisor.Conversations;
using PortfolioAdvisor.Http;
using PortfolioAdvisor.MarketData;
using PortfolioAdvisor.Orchestration;
using PortfolioAdvisor.Portfolio;
using PortfolioAdvisor.Recommendations;
using PortfolioAdvisor.SelfHost.Conversations;
using PortfolioAdvisor.SelfHost.Orchestration;
using PortfolioAdvisor.SelfHost.SignalR;
using PortfolioAdvisor.SelfHost.Storage;
using PortfolioAdvisor.SelfHost.Streaming;
using PortfolioAdvisor.Streaming;

namespace PortfolioAdvisor.SelfHost;

/// <summary>The self-host's wiring, one feature per method.</summary>
public static class SelfHostExtensions
{
    /// <summary>
    /// SQLite storage, the run event log and the embedded orchestration engine running the fund analysis and the turns
    /// of conversations (their activities resolve <see cref="ConversationTurnActivities"/>, registered by
    /// <c>AddConversationTurns</c>, when a turn runs), and the conversations' turn index.
    /// </summary>
    public static IHostApplicationBuilder AddEmbeddedOrchestration(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<StorageOptions>().BindConfiguration("Storage");
        services.AddOptions<FaultOptions>().BindConfiguration(FaultOptions.SectionName);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<SqliteDatabase>();
        services.AddSingleton<OrchestrationStore>();
        services.AddSingleton<SqliteRunEventLog>();
        services.AddSingleton<IRunEventLog>(sp => sp.GetRequiredService<SqliteRunEventLog>());
        services.AddSingleton<RunChangeNotifier>();
        services.AddSingleton<IRunChangeSignal>(sp => sp.GetRequiredService<RunChangeNotifier>());
        services.AddSingleton<HubRunEventPublisher>();
        services.AddSingleton<IRunEventPublisher>(sp => new CompositeRunEventPublisher(
            [sp.GetRequiredService<HubRunEventPublisher>(), sp.GetRequiredService<RunChangeNotifier>()]));
        services.AddSingleton<RunEventWriter>();
        services.AddSingleton<AnalysisActivities>();
        services.AddSingleton(sp => new ActivityRegistry(sp)
            .AddComputation<AnalysisActivities, ConvertPortfolioInput, PricedPortfolio>(nameof(AnalysisActivities.ConvertPortfolio), (a, i, ct) => a.ConvertPortfolio(i, ct))
            .AddComputation<AnalysisActivities, PortfolioNodeInput, Analytics.RiskReport>(nameof(AnalysisActivities.ComputeRiskMetrics), (a, i, ct) => a.ComputeRiskMetrics(i, ct))
            .AddComputation<AnalysisActivities, PortfolioNodeInput, Analytics.PerformanceReport>(nameof(AnalysisActivities.MeasurePerformance), (a, i, ct) => a.MeasurePerformance(i, ct))
            .AddComputation<AnalysisActivities, RecommendationsInput, RecommendationList>(nameof(AnalysisActivities.BuildRecommendations), (a, i, ct) => a.BuildRecommendations(i, ct))
            .Add<AnalysisActivities, AdvisorInput, AdviceResult>(nameof(AnalysisActivities.StreamAdvisorReply), (a, i, ct) => a.StreamAdvisorReply(i, ct))
            .Add<AnalysisActivities, RunContext, bool>(nameof(AnalysisActivities.CompleteRun), (a, i, ct) => a.CompleteRun(i, ct))
            .Add<AnalysisActivities, FailRunInput, bool>(nameof(AnalysisActivities.FailRun), (a, i, ct) => a.FailRun(i, ct))
            .Add<ConversationTurnActivities, StartTurnInput, bool>(nameof(ConversationTurnActivities.StartTurn), (a, i, ct) => a.StartTurn(i, ct))
            .Add<ConversationTurnActivities, CallAdvisorModelInput, ModelStep>(nameof(ConversationTurnActivities.CallAdvisorModel), (a, i, ct) => a.CallAdvisorModel(i, ct))
            .Add<ConversationTurnActivities, RunAdvisorToolInput, TurnToolCall>(nameof(ConversationTurnActivities.RunAdvisorTool), (a, i, ct) => a.RunAdvisorTool(i, ct))
            .Add<ConversationTurnActivities, CompleteTurnInput, bool>(nameof(ConversationTurnActivities.CompleteTurn), (a, i, ct) => a.CompleteTurn(i, ct))
            .Add<ConversationTurnActivities, FailRunInput, bool>(nameof(ConversationTurnActivities.FailTurn), (a, i, ct) => a.FailTurn(i, ct)));
        services.AddSingleton(sp => ActivatorUtilities.CreateInstance<EmbeddedOrchestrationEngine>(sp)
            .AddOrchestrator<AnalysisInput, AnalysisOutput>(FundAnalysisOrchestration.Name, FundAnalysisOrchestration.RunAsync)
            .AddOrchestrator<TurnInput, TurnOutput>(ConversationTurnOrchestration.Name, ConversationTurnOrchestration.RunAsync));
        services.AddSingleton<TerminatedOutput>();
        services.AddSingleton<EmbeddedAnalysisRuns>();
        services.AddSingleton<ConversationStore>();
        services.AddSingleton<EmbeddedConversationRuns>();
        services.AddHostedService<TerminatedRunRecovery>();
        services.AddHostedService(sp => sp.GetRequiredService<EmbeddedOrchestrationEngine>());
        return builder;
    }

    /// <summary>ASP.NET Core SignalR, and the issuer of the hub tokens negotiate hands out in the header modes (their scheme: <c>AddCallerIdentity</c>).</summary>
    public static IHostApplicationBuilder AddAdvisorHub(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddDataProtection();
        builder.Services.AddSingleton<AccessTokenIssuer>();
        builder.Services.AddSingleton<ConnectionCounter>();
        builder.Services.AddSignalR();
        return builder;
    }
}
