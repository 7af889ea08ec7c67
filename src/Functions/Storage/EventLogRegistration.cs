using Azure.Data.Tables;
using Azure.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using PortfolioAdvisor.Streaming;

namespace PortfolioAdvisor.Functions.Storage;

/// <summary>Wiring of the Table event log.</summary>
public static class EventLogRegistration
{
    /// <summary>
    /// Registers <see cref="TableRunEventLog"/> as <see cref="IRunEventLog"/> and <see cref="IRunRegistry"/>, over one
    /// <see cref="TableClient"/> (a singleton: it is thread-safe) whose table is created at first use, and the
    /// conversations' turn index (<see cref="TableTurnIndex"/>) in the same table.
    /// </summary>
    public static IHostApplicationBuilder AddTableEventLog(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<EventLogOptions>()
            .BindConfiguration(EventLogOptions.Section)
            .Validate(o => !string.IsNullOrWhiteSpace(o.ConnectionString) || o.TableServiceUri is not null,
                "Set EventLog:ConnectionString (local) or EventLog:TableServiceUri (managed identity).")
            .ValidateOnStart();
        builder.Services.AddSingleton(sp => CreateTable(sp.GetRequiredService<IOptions<EventLogOptions>>().Value));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<TableRunEventLog>();
        builder.Services.AddSingleton<IRunEventLog>(sp => sp.GetRequiredService<TableRunEventLog>());
        builder.Services.AddSingleton<IRunRegistry>(sp => sp.GetRequiredService<TableRunEventLog>());
        builder.Services.AddSingleton<ITurnIndex, TableTurnIndex>();
        return builder;
    }

    private static TableClient CreateTable(EventLogOptions options)
    {
        var service = string.IsNullOrWhiteSpace(options.ConnectionString)
            ? new TableServiceClient(options.TableServiceUri!, new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = options.ClientId }))
            : new TableServiceClient(options.ConnectionString);
        var table = service.GetTableClient(options.TableName);
        table.CreateIfNotExists();
        return table;
    }
}
