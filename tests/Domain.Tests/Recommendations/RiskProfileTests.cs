using PortfolioAdvisor.Recommendations;

namespace PortfolioAdvisor.Tests.Recommendations;

public sealed class RiskProfileTests
{
    [Theory]
    [InlineData("conservative")]
    [InlineData("balanced")]
    [InlineData("growth")]
    public void Get_ReturnsAProfileWhoseTargetsSumToOne_When_NameIsKnown(string name)
    {
        var profile = RiskProfile.Get(name);

        Assert.Equal(name, profile.Name);
        Assert.Equal(1, profile.TargetWeights.Values.Sum(), 12);
        Assert.Equal(
            ["bonds", "cash", "commodities", "global_equity", "intl_equity", "real_estate", "us_equity"],
            profile.TargetWeights.Keys.Order(StringComparer.Ordinal));
        Assert.InRange(profile.DriftBand, 0.01, 0.10);
    }

    [Fact]
    public void Get_Throws_When_NameIsUnknown()
    {
        Assert.Throws<ArgumentException>(() => RiskProfile.Get("yolo"));
    }

    [Fact]
    public void Names_ListsExactlyTheContractProfiles()
    {
        Assert.Equal(["conservative", "balanced", "growth"], RiskProfile.Names);
        Assert.All(RiskProfile.Names, n => Assert.Same(RiskProfile.Get(n), RiskProfile.Get(n.ToUpperInvariant())));
    }

    [Fact]
    public void Profiles_HoldMoreEquity_When_MoreGrowthOriented()
    {
        static double Equity(RiskProfile p) => p.TargetFor("us_equity") + p.TargetFor("global_equity") + p.TargetFor("intl_equity");

        Assert.True(Equity(RiskProfile.Conservative) < Equity(RiskProfile.Balanced));
        Assert.True(Equity(RiskProfile.Balanced) < Equity(RiskProfile.Growth));
    }
}
