using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;
using PortfolioAdvisor.Advisor;
using PortfolioAdvisor.Conversations;
using PortfolioAdvisor.ModelServer;
using PortfolioAdvisor.Orchestration;
using PortfolioAdvisor.Streaming;
using PortfolioAdvisor.Tests.Advisor;
using PortfolioAdvisor.Tests.Fakes;
using MsOptions = Microsoft.Extensions.Options.Options;

namespace PortfolioAdvisor.Tests.Conversations;

/// <summary>
/// A turn run through <see cref="ConversationTurnOrchestration"/> and its real activities over an in-memory log, with
/// the real OpenAI client (through <see cref="IChatClient"/>) against a <see cref="ModelServerHost"/>.
/// </summary>
internal sealed class TurnHarness
{
    private readonly AdvisorHarness advisor = new();

    public InMemoryRunEventLog Log => advisor.Log;

    public AdvisorOptions Options => advisor.Options;

    public RecordingAdvisorTools Tools { get; } = new();

    public int ModelCalls { get; private set; }

    public ConversationTurnActivities Activities(IChatClient client)
    {
        var events = new RunEventWriter(advisor.Log, advisor.Publisher);
        var turns = new TurnAdvisor(client, Tools, events, MsOptions.Create(Options), MsOptions.Create(advisor.Streaming),
            TimeProvider.System, NullLogger<TurnAdvisor>.Instance);
        return new ConversationTurnActivities(turns, Tools, events, TimeProvider.System);
    }

    public IChatClient ClientFor(ModelServerHost server, string model)
    {
        Options.Endpoint = server.ApiBaseUrl.ToString();
        Options.Model = model;
        return OpenAIChatClientFactory.CreateChatClient(Options);
    }

    /// <summary>Runs turn <paramref name="input"/> against <paramref name="server"/> with <paramref name="model"/>.</summary>
    public Task<TurnOutput> RunAsync(ModelServerHost server, string model, TurnInput input) => RunAsync(ClientFor(server, model), input);

    public async Task<TurnOutput> RunAsync(IChatClient client, TurnInput input)
    {
        var activities = Activities(client);
        var context = new DirectOrchestrationContext(input.Run.RunId)
            .Add<StartTurnInput, bool>(nameof(ConversationTurnActivities.StartTurn), i => activities.StartTurn(i))
            .Add<CallAdvisorModelInput, ModelStep>(nameof(ConversationTurnActivities.CallAdvisorModel), i =>
            {
                ModelCalls++;
                return activities.CallAdvisorModel(i);
            })
            .Add<RunAdvisorToolInput, TurnToolCall>(nameof(ConversationTurnActivities.RunAdvisorTool), i => activities.RunAdvisorTool(i))
            .Add<CompleteTurnInput, bool>(nameof(ConversationTurnActivities.CompleteTurn), i => activities.CompleteTurn(i))
            .Add<FailRunInput, bool>(nameof(ConversationTurnActivities.FailTurn), i => activities.FailTurn(i));
        return await ConversationTurnOrchestration.RunAsync(context, input);
    }

    public IReadOnlyList<StoredEvent> Events(string runId) => Log.Events(runId);

    public IReadOnlyList<EventView> Views(string runId) => advisor.Events(runId);
}

/// <summary>Turn inputs over <see cref="AdvisorSamples"/>' analysis.</summary>
internal static class TurnSamples
{
    public static AnalysisOutput Analysis()
    {
        var a = AdvisorSamples.Input("analysis-1");
        return new AnalysisOutput(a.Portfolio.AsOf, a.Portfolio.BaseCurrency, a.Portfolio.TotalValue, a.Portfolio.Holdings,
            a.Risk, a.Performance, a.Recommendations, new AdviceResult("analyst", "test-model", ["Your portfolio leans on QQQ."]), []);
    }

    public static TurnInput Turn(string turnId, string question = "What if I sell 20 VTI?", string persona = "analyst", string language = "en",
        IReadOnlyList<ConversationMessage>? conversation = null) =>
        new(new RunContext(turnId, "user-1"), "analysis-1", question, persona, language, "balanced", Analysis(), conversation ?? []);
}
