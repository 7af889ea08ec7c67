using System.Text.RegularExpressions;

namespace PortfolioAdvisor.Portfolio;

/// <summary>
/// Well-formedness of a BCP 47 language tag (RFC 5646 §2.1 syntax: language, extlang, script, region, variants,
/// extensions, private use, and the irregular grandfathered tags). Our own because the build runs with
/// <c>InvariantGlobalization</c>, so <see cref="System.Globalization.CultureInfo"/> cannot judge a tag, and it would judge
/// by ICU's data rather than by the syntax anyway.
/// </summary>
internal static partial class LanguageTag
{
    /// <summary>True when <paramref name="tag"/> is a well-formed BCP 47 tag (case-insensitive; at most 64 characters).</summary>
    // ASCII first: case-insensitive matching would otherwise let the Kelvin sign (U+212A) pass for 'k'.
    public static bool IsWellFormed(string tag) => tag.Length <= 64 && System.Text.Ascii.IsValid(tag) && Pattern().IsMatch(tag);

    [GeneratedRegex(
        """
        ^(?:
          (?:[A-Za-z]{2,3}(?:-[A-Za-z]{3}){0,3}|[A-Za-z]{4}|[A-Za-z]{5,8})
          (?:-[A-Za-z]{4})?
          (?:-(?:[A-Za-z]{2}|[0-9]{3}))?
          (?:-(?:[A-Za-z0-9]{5,8}|[0-9][A-Za-z0-9]{3}))*
          (?:-[0-9A-WY-Za-wy-z](?:-[A-Za-z0-9]{2,8})+)*
          (?:-[Xx](?:-[A-Za-z0-9]{1,8})+)?
        | [Xx](?:-[A-Za-z0-9]{1,8})+
        | en-GB-oed | i-ami | i-bnn | i-default | i-enochian | i-hak | i-klingon | i-lux | i-mingo | i-navajo
        | i-pwn | i-tao | i-tay | i-tsu | sgn-BE-FR | sgn-BE-NL | sgn-CH-DE
        )$
        """,
        RegexOptions.IgnorePatternWhitespace | RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Pattern();
}
