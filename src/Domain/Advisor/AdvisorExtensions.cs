using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using PortfolioAdvisor.Streaming;

namespace PortfolioAdvisor.Advisor;

/// <summary>Registers the advisor: options, the model (one client for the process) and <see cref="IAdvisor"/>.</summary>
public static class AdvisorExtensions
{
    /// <summary>
    /// Binds <see cref="AdvisorOptions"/> (section <c>Advisor</c>) and <see cref="TokenStreamingOptions"/> (section
    /// <c>Streaming</c>), validated on start; when <c>Advisor:Endpoint</c> or <c>Advisor:ApiKey</c> is set, registers the
    /// model port, one <see cref="Microsoft.Extensions.AI.IChatClient"/> over one <c>ChatClient</c> (see
    /// <see cref="OpenAIChatClientFactory"/>), and <see cref="OpenAIChatModel"/> over it, else <see cref="OfflineChatModel"/>; and
    /// <see cref="StreamingAdvisor"/> as <see cref="IAdvisor"/>. The host registers <see cref="RunEventWriter"/>'s
    /// log and publisher.
    /// </summary>
    public static IHostApplicationBuilder AddAdvisor(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<AdvisorOptions>()
            .BindConfiguration(AdvisorOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(o => !o.UsesModel || !string.IsNullOrWhiteSpace(o.Model), "Advisor:Model is required when Advisor:Endpoint or Advisor:ApiKey is set.")
            .Validate(o => !o.UseEntraId || !string.IsNullOrWhiteSpace(o.Endpoint), "Advisor:UseEntraId needs Advisor:Endpoint (the Azure OpenAI resource's /openai/v1/ URL).")
            .ValidateOnStart();
        services.AddOptions<TokenStreamingOptions>()
            .BindConfiguration(TokenStreamingOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<RunEventWriter>();

        var section = builder.Configuration.GetSection(AdvisorOptions.SectionName);
        var configured = new AdvisorOptions { Endpoint = section[nameof(AdvisorOptions.Endpoint)], ApiKey = section[nameof(AdvisorOptions.ApiKey)] };
        if (configured.UsesModel)
        {
            services.AddSingleton(sp => OpenAIChatClientFactory.Create(sp.GetRequiredService<IOptions<AdvisorOptions>>().Value));
            services.AddChatClient(sp => OpenAIChatClientFactory.CreateChatClient(
                sp.GetRequiredService<OpenAI.Chat.ChatClient>(), sp.GetRequiredService<IOptions<AdvisorOptions>>().Value));
            services.AddSingleton<IChatModel, OpenAIChatModel>();
        }
        else
        {
            services.AddSingleton<IChatModel, OfflineChatModel>();
        }

        services.AddSingleton<IAdvisor, StreamingAdvisor>();
        return builder;
    }
}
