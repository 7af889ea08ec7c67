namespace PortfolioAdvisor.ModelServer;

/// <summary>
/// How the local model server answers. Fault modes are chosen per request by the <c>model</c> name
/// (<c>fault:&lt;mode&gt;</c>, see <see cref="FaultMode"/>), so one server serves every test.
/// </summary>
public sealed class ModelServerOptions
{
    /// <summary>The default reply: warm, several paragraphs separated by blank lines.</summary>
    public const string DefaultReply =
        "Hello! I have looked at your portfolio and its figures.\n\n"
        + "Your largest holding carries most of the weight, so the portfolio moves with it.\n\n"
        + "The risk figures look reasonable for your profile, and the recent return is close to the market's.\n\n"
        + "A gentle rebalance toward the recommended trades would spread the risk more evenly.";

    /// <summary>Reply tokens streamed per second (0 = as fast as possible). Default 50.</summary>
    public double TokensPerSecond { get; set; } = 50;

    /// <summary>The reply text. Default <see cref="DefaultReply"/>.</summary>
    public string Reply { get; set; } = DefaultReply;

    /// <summary>Characters per token; 0 (default) streams word-like tokens (leading whitespace plus a word, as GPT tokenizers do).</summary>
    public int ChunkCharacters { get; set; }

    /// <summary>The wait before the first token in <c>fault:slow-first-token</c>. Default 2 s.</summary>
    public TimeSpan FirstTokenDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Tokens sent before <c>fault:stall</c>, <c>fault:drop</c>, <c>fault:reset</c> and <c>fault:malformed</c> break the stream. Default 5.</summary>
    public int TokensBeforeFault { get; set; } = 5;

    /// <summary>The <c>Retry-After</c> (seconds) sent with <c>fault:429</c>. Default 1.</summary>
    public int RetryAfterSeconds { get; set; } = 1;

    /// <summary>
    /// The arguments (a JSON object) the server sends when it calls a tool, by tool name. Default: <c>what_if</c> sells
    /// 20 VTI, <c>holding_details</c> asks about VTI; any other tool gets <c>{}</c>.
    /// </summary>
    public Dictionary<string, string> ToolArguments { get; } = new(StringComparer.Ordinal)
    {
        ["what_if"] = """{"trades":[{"ticker":"VTI","shares":-20}]}""",
        ["holding_details"] = """{"ticker":"VTI"}""",
    };

    /// <summary>Characters per chunk of a tool call's streamed <c>arguments</c>. Default 6, so arguments span several chunks.</summary>
    public int ToolArgumentChunkCharacters { get; set; } = 6;

    /// <summary>The text before the quoted tool results in the answer that follows <c>tool</c> messages.</summary>
    public const string ToolAnswerPrefix = "Here is what the tool computed:";

    /// <summary>How many times <c>fault:long</c> repeats the reply. Default 20.</summary>
    public int LongReplyRepeat { get; set; } = 20;
}
