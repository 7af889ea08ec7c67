using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PortfolioAdvisor.Advisor;
using PortfolioAdvisor.Conversations;
using PortfolioAdvisor.MarketData;
using PortfolioAdvisor.Streaming;
using PortfolioAdvisor.Tests.Fakes;

namespace PortfolioAdvisor.Tests.Conversations;

public sealed class TurnLoopRegistrationTests
{
    private static IHost Build(params (string Key, string Value)[] settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value)));
        builder.Services.AddSingleton<IRunEventLog, InMemoryRunEventLog>();
        builder.Services.AddSingleton<IRunEventPublisher, RecordingRunEventPublisher>();
        builder.AddMarketData();
        builder.AddAdvisor();
        builder.AddConversationTools();
        builder.AddConversationTurns();
        return builder.Build();
    }

    [Fact]
    public void AddConversationTurns_UsesTheOfflineAdvisorForTurns_WhenNoModelIsConfigured()
    {
        using var host = Build();

        Assert.IsType<OfflineTurnChatClient>(host.Services.GetRequiredService<IChatClient>());
        Assert.NotNull(host.Services.GetRequiredService<ConversationTurnActivities>());
    }

    [Fact]
    public void AddConversationTurns_KeepsTheConfiguredModelsOneClient_WhenAModelIsConfigured()
    {
        using var host = Build(("Advisor:Endpoint", "http://127.0.0.1:11434/v1"), ("Advisor:Model", "llama3.2"));

        var client = host.Services.GetRequiredService<IChatClient>();
        Assert.IsNotType<OfflineTurnChatClient>(client);
        Assert.Same(client, host.Services.GetRequiredService<IChatClient>());
        Assert.Equal("llama3.2", client.GetService<ChatClientMetadata>()?.DefaultModelId);
        Assert.NotNull(host.Services.GetRequiredService<TurnAdvisor>());
    }
}
