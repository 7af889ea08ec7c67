using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using PortfolioAdvisor.Advisor;
using PortfolioAdvisor.Streaming;
using PortfolioAdvisor.Tests.Fakes;

namespace PortfolioAdvisor.Tests.Advisor;

public sealed class AdvisorRegistrationTests
{
    private static IHost Build(params (string Key, string Value)[] settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value)));
        builder.Services.AddSingleton<IRunEventLog, InMemoryRunEventLog>();
        builder.Services.AddSingleton<IRunEventPublisher, RecordingRunEventPublisher>();
        builder.AddAdvisor();
        return builder.Build();
    }

    [Fact]
    public void AddAdvisor_RegistersTheOfflineModel_WhenNoEndpointOrKeyIsConfigured()
    {
        using var host = Build();

        Assert.IsType<OfflineChatModel>(host.Services.GetRequiredService<IChatModel>());
        Assert.IsType<StreamingAdvisor>(host.Services.GetRequiredService<IAdvisor>());
        Assert.Equal(80, host.Services.GetRequiredService<IOptions<TokenStreamingOptions>>().Value.CoalesceMilliseconds);
    }

    [Fact]
    public void AddAdvisor_RegistersOneOpenAIModel_WhenAnEndpointIsConfigured()
    {
        using var host = Build(("Advisor:Endpoint", "http://127.0.0.1:11434/v1"), ("Advisor:Model", "llama3.2"), ("Streaming:CoalesceMilliseconds", "0"));

        var model = Assert.IsType<OpenAIChatModel>(host.Services.GetRequiredService<IChatModel>());
        Assert.Equal("llama3.2", model.Name);
        Assert.Same(model, host.Services.GetRequiredService<IChatModel>());
        Assert.Same(host.Services.GetRequiredService<OpenAI.Chat.ChatClient>(), host.Services.GetRequiredService<OpenAI.Chat.ChatClient>());
        Assert.Equal(0, host.Services.GetRequiredService<IOptions<TokenStreamingOptions>>().Value.CoalesceMilliseconds);
    }

    [Fact]
    public async Task AddAdvisor_FailsOnStart_WhenAKeyIsSetWithoutAModel()
    {
        using var host = Build(("Advisor:ApiKey", "sk-test"));

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Contains("Advisor:Model is required", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Names_ListsAnalystAndXiaomei_WhenValidatingRequests()
    {
        Assert.Equal(["analyst", "xiaomei"], PersonaCatalog.Names.Order());
        Assert.Same(PersonaCatalog.Xiaomei, PersonaCatalog.Get("XiaoMei"));
        Assert.Throws<ArgumentException>(() => PersonaCatalog.Get("pirate"));
    }
}
