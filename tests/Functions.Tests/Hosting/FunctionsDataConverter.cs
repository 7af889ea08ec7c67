using System.Text.Json;
using Azure.Core.Serialization;
using Microsoft.DurableTask;

namespace PortfolioAdvisor.Functions.Tests.Hosting;

/// <summary>
/// Durable's <see cref="DataConverter"/> over the Functions worker's <see cref="ObjectSerializer"/>, as the Durable
/// extension sets it for the worker and the client (its internal <c>ObjectConverterShim</c>): the worker's default is a
/// <see cref="JsonObjectSerializer"/> over the app's <c>IOptions&lt;JsonSerializerOptions&gt;</c>, which this app leaves
/// at System.Text.Json's defaults. Without it the test host would use Durable's own <c>JsonDataConverter</c>
/// (<c>IncludeFields = true</c>), which is not what runs on Azure.
/// </summary>
public sealed class FunctionsDataConverter(ObjectSerializer serializer) : DataConverter
{
    /// <summary>The converter of a Functions app that does not configure its serializer.</summary>
    public static FunctionsDataConverter Default { get; } = new(new JsonObjectSerializer(new JsonSerializerOptions()));

    /// <inheritdoc />
    public override string? Serialize(object? value) =>
        value is null ? null : serializer.Serialize(value, value.GetType(), CancellationToken.None).ToString();

    /// <inheritdoc />
    public override object? Deserialize(string? data, Type targetType) =>
        data is null ? null : serializer.Deserialize(new BinaryData(data).ToStream(), targetType, CancellationToken.None);
}
