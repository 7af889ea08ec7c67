using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PortfolioAdvisor.Advisor;
using PortfolioAdvisor.Conversations;
using PortfolioAdvisor.MarketData;
using PortfolioAdvisor.Streaming;
using PortfolioAdvisor.Tests.Fakes;

namespace PortfolioAdvisor.Tests.Conversations;

public sealed class ConversationToolsRegistrationTests
{
    [Fact]
    public async Task AddConversationTools_RegistersOneToolsInstanceAndTheOfflineClient_When_NoModelIsConfigured()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddSingleton<IRunEventLog, InMemoryRunEventLog>();
        builder.Services.AddSingleton<IRunEventPublisher, RecordingRunEventPublisher>();
        builder.AddMarketData().AddAdvisor().AddConversationTools();
        using var host = builder.Build();

        var tools = Assert.IsType<AdvisorTools>(host.Services.GetRequiredService<IAdvisorTools>());
        Assert.Same(tools, host.Services.GetRequiredService<IAdvisorTools>());
        var client = host.Services.GetRequiredService<OfflineTurnChatClient>();
        Assert.Same(client, host.Services.GetRequiredService<OfflineTurnChatClient>());
        Assert.Same(client, host.Services.GetRequiredService<Microsoft.Extensions.AI.IChatClient>());
        Assert.Equal(2, tools.Declarations.Count);
        Assert.Equal(host.Services.GetRequiredService<MarketDataSet>().Tickers.Count,
            tools.Declarations[1].JsonSchema.GetProperty("properties").GetProperty("ticker").GetProperty("enum").GetArrayLength());
        var response = await client.GetResponseAsync([new Microsoft.Extensions.AI.ChatMessage(Microsoft.Extensions.AI.ChatRole.User, "tell me about VTI")]);
        Assert.Equal("offline", response.ModelId);
    }
}
