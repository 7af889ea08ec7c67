namespace PortfolioAdvisor.Advisor;

/// <summary>
/// The advisor could not write a reply: every streaming attempt and the non-streaming attempt failed, or the model
/// refused the request for good (e.g. HTTP 401). The advisor node fails and the run ends with <c>advisor_failed</c>.
/// </summary>
public sealed class AdvisorUnavailableException(string message, Exception? innerException = null) : Exception(message, innerException);

/// <summary>A streaming reply broke off after its first token: it stalled, failed, or ended without a finish reason.</summary>
internal sealed class ReplyInterruptedException(string code, string message, Exception? innerException = null) : Exception(message, innerException)
{
    /// <summary>The <c>error</c> event's code: <c>stream_interrupted</c>, <c>model_stalled</c> or <c>model_error</c>.</summary>
    public string Code { get; } = code;
}
