using PortfolioAdvisor.Portfolio;

namespace PortfolioAdvisor.Tests.Portfolio;

public class LanguageTagTests
{
    [Theory]
    [InlineData("en")]
    [InlineData("EN-us")]
    [InlineData("zh-Hans-CN")]
    [InlineData("es-419")]
    [InlineData("sl-rozaj-biske")]
    [InlineData("de-CH-1901")]
    [InlineData("en-US-u-ca-gregory")]
    [InlineData("x-whatever")]
    [InlineData("i-klingon")]
    [InlineData("zh-yue-HK")]
    public void IsWellFormed_ReturnsTrue_When_TagFollowsRfc5646(string tag) => Assert.True(LanguageTag.IsWellFormed(tag));

    [Theory]
    [InlineData("")]
    [InlineData("e")]
    [InlineData("english language")]
    [InlineData("en_US")]
    [InlineData("en-")]
    [InlineData("123")]
    [InlineData("en-US-u")]
    [InlineData("\u212Aa")]
    [InlineData("abcdefghi")]
    public void IsWellFormed_ReturnsFalse_When_TagMalformed(string tag) => Assert.False(LanguageTag.IsWellFormed(tag));
}
