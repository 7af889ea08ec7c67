using PortfolioAdvisor.Analytics;

namespace PortfolioAdvisor.Tests.Analytics;

public sealed class StatisticsTests
{
    [Fact]
    public void Percentile_InterpolatesLinearlyBetweenOrderStatistics_When_RankIsFractional()
    {
        // n = 4, p = 0.05: h = 3 × 0.05 = 0.15, so x[0] + 0.15 × (x[1] − x[0]) = 1 + 0.15 = 1.15 (numpy.percentile([1,2,3,4], 5)).
        Assert.Equal(1.15, Statistics.Percentile([1, 2, 3, 4], 0.05), 12);
        // p = 0.5: h = 1.5 → 2.5; p = 1: h = 3 → 4 (the maximum).
        Assert.Equal(2.5, Statistics.Percentile([1, 2, 3, 4], 0.5), 12);
        Assert.Equal(4, Statistics.Percentile([1, 2, 3, 4], 1));
    }

    [Fact]
    public void SampleVariance_DividesByNMinusOne()
    {
        // mean 2.5; squared deviations 2.25 + 0.25 + 0.25 + 2.25 = 5; 5 / 3.
        Assert.Equal(5.0 / 3, Statistics.SampleVariance([1, 2, 3, 4]), 12);
    }

    [Fact]
    public void SampleCovariance_IsNegative_When_SeriesMoveOppositely()
    {
        // x = 1,2,3 (mean 2), y = 3,2,1 (mean 2): products −1·1 + 0 + 1·−1 = −2; −2 / 2 = −1.
        Assert.Equal(-1, Statistics.SampleCovariance([1, 2, 3], [3, 2, 1]), 12);
    }

    [Fact]
    public void Compound_MultipliesGrowthFactors()
    {
        // Prices 100 → 110 → 99 give returns +10 %, −10 %: 1.1 × 0.9 − 1 = −0.01.
        Assert.Equal(-0.01, Statistics.Compound([0.1, -0.1]), 12);
    }

    [Fact]
    public void MaxDrawdown_MeasuresFromTheRunningPeak()
    {
        // W = 1.1, 0.88, 0.924; peak 1.1; drawdowns 0, −0.2, −0.16 → −0.2.
        Assert.Equal(-0.2, Statistics.MaxDrawdown([0.1, -0.2, 0.05]), 12);
        Assert.Equal(0, Statistics.MaxDrawdown([0.01, 0.02]));
    }

    [Fact]
    public void DifferenceMoments_GiveMeanAndSampleVarianceOfTheDifference()
    {
        // x − y = 1, 3, 5: mean 3, variance (4 + 0 + 4) / 2 = 4.
        var (mean, variance) = Statistics.DifferenceMoments([2, 5, 8], [1, 2, 3]);
        Assert.Equal(3, mean, 12);
        Assert.Equal(4, variance, 12);
    }
}
