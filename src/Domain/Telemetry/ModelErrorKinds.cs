using System.ClientModel;
using System.Globalization;
using System.Net.Http;
using System.Text.Json;

namespace PortfolioAdvisor.Telemetry;

/// <summary>
/// The <c>error.type</c> of a failed model call: the HTTP status (<c>429</c>, <c>500</c>, <c>401</c>…), <c>timeout</c>,
/// <c>stall</c>, <c>drop</c> (the stream broke or ended without a finish reason), <c>malformed</c>, else the
/// exception's type name (the semantic conventions' fallback). Never the exception's message, which may quote input.
/// </summary>
public static class ModelErrorKinds
{
    /// <summary>No update within the client's time limit before the first one.</summary>
    public const string Timeout = "timeout";

    /// <summary>Updates, then none within the stall limit.</summary>
    public const string Stall = "stall";

    /// <summary>The stream broke, or ended without a finish reason.</summary>
    public const string Drop = "drop";

    /// <summary>A chunk of the stream could not be read.</summary>
    public const string Malformed = "malformed";

    /// <summary>The caller cancelled before any limit passed (e.g. the run was terminated): not counted as an error.</summary>
    public const string Cancelled = "cancelled";

    /// <summary>The kind of <paramref name="exception"/>, thrown by a call whose caller's token is <paramref name="cancellationToken"/>.</summary>
    public static string Of(Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(exception);
        for (var ex = exception; ex is not null; ex = ex.InnerException)
        {
            switch (ex)
            {
                case ClientResultException { Status: > 0 } result:
                    return Status(result.Status);
                case HttpRequestException { StatusCode: { } code }:
                    return Status((int)code);
                case OperationCanceledException or TimeoutException when !cancellationToken.IsCancellationRequested:
                    return Timeout;
                case OperationCanceledException:
                    return Cancelled;
                case IOException:
                    return Drop;
                case JsonException:
                    return Malformed;
            }
        }

        return exception.GetType().FullName ?? exception.GetType().Name;
    }

    private static string Status(int status) => status switch
    {
        401 => "401",
        429 => "429",
        500 => "500",
        _ => status.ToString(CultureInfo.InvariantCulture),
    };
}
