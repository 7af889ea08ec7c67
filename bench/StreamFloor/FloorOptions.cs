namespace PortfolioAdvisor.Benchmarks.StreamFloor;

/// <summary>The command line: <c>--mode raw|client</c>, streams, tokens per reply, tokens per second per stream, the CPU window in seconds, the raw reader's gather interval in ms.</summary>
internal sealed record FloorOptions(string Mode, string Model, int Streams, int Tokens, int Rate, double WindowFrom, double WindowTo, int TokensPerWrite, int Rounds, int GatherMilliseconds)
{
    public static FloorOptions Parse(string[] args)
    {
        string Arg(string name, string fallback) => Array.IndexOf(args, $"--{name}") is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        var window = Arg("window", "4,13").Split(',').Select(double.Parse).ToArray();
        return new FloorOptions(
            Arg("mode", "raw"),
            Arg("model", "http://127.0.0.1:5301").TrimEnd('/'),
            int.Parse(Arg("streams", "100")),
            int.Parse(Arg("tokens", "750")),
            int.Parse(Arg("rate", "50")),
            window[0],
            window[1],
            int.Parse(Arg("tokens-per-write", "1")),
            int.Parse(Arg("rounds", "2")),
            int.Parse(Arg("gather-ms", "0")));
    }
}
