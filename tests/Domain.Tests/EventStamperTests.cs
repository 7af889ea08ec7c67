using PortfolioAdvisor.Streaming;

namespace PortfolioAdvisor.Tests;

public class EventStamperTests
{
    [Fact]
    public void Stamp_SetsPercentFromCompletedNodes_When_NodeCompleted()
    {
        var draft = new NodeCompleted("risk", 12, 0, new Dictionary<string, object?>()) { RunId = "r1" };
        var stamped = (NodeCompleted)EventStamper.Stamp(draft, 7, DateTimeOffset.UnixEpoch, completedNodes: 3);
        Assert.Equal(7, stamped.Seq);
        Assert.Equal(60, stamped.Percent);
        Assert.Equal(DateTime.UnixEpoch, stamped.Ts);
        Assert.Equal(DateTimeKind.Utc, stamped.Ts.Kind);
    }

    [Fact]
    public void Serialize_WritesContractFieldNames_When_TokenStreamed()
    {
        var json = EventJson.Serialize(new TokenStreamed("analyst", "m1", "Hel") { RunId = "r1", Seq = 3 });
        Assert.StartsWith("{\"type\":\"token\",\"runId\":\"r1\",\"seq\":3,", json, StringComparison.Ordinal);
        Assert.Contains("\"delta\":\"Hel\"", json, StringComparison.Ordinal);
        Assert.Contains("\"streaming\":true,\"final\":false", json, StringComparison.Ordinal);
    }
}
