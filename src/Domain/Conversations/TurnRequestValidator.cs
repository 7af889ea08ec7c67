using System.Text;
using PortfolioAdvisor.Advisor;
using PortfolioAdvisor.Portfolio;

namespace PortfolioAdvisor.Conversations;

/// <summary>
/// The rules every question obeys, answered like the portfolio's (<see cref="PortfolioValidationException"/>, a 400 with
/// <c>errors</c> per field; every problem collected):
/// <list type="bullet">
/// <item><c>content</c> is required, not empty or only whitespace, at most <see cref="MaxContentCharacters"/> characters
/// (Unicode scalar values, so an emoji counts once), and holds no control characters but newline (LF or CR LF) and tab,
/// and no unpaired surrogate. It is kept as sent, trimmed.</item>
/// <item><c>persona</c>, when given, names a known one (case-insensitive; the catalogue's spelling is kept); absent or
/// blank it is null (the analysis' persona).</item>
/// <item><c>language</c>, when given, is a well-formed BCP 47 tag; absent or blank it is null (the analysis' language).</item>
/// </list>
/// </summary>
public static class TurnRequestValidator
{
    /// <summary>The longest question: 4,000 characters.</summary>
    public const int MaxContentCharacters = 4000;

    /// <summary>Validates <paramref name="request"/> (e.g. one a host deserialized itself) against <see cref="PersonaCatalog"/>.</summary>
    /// <returns>The normalized request.</returns>
    /// <exception cref="PortfolioValidationException">Any rule broken; keys <c>content</c>, <c>persona</c>, <c>language</c>.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is null.</exception>
    public static TurnRequest Validate(TurnRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Validate(request.Content, request.Persona, request.Language, new ValidationErrors());
    }

    internal static TurnRequest Validate(string? content, string? persona, string? language, ValidationErrors errors)
    {
        CheckContent(content, errors);
        var knownPersona = CheckPersona(persona, errors);
        var tag = CheckLanguage(language, errors);
        errors.ThrowIfAny("question");
        return new TurnRequest(content!.Trim(), knownPersona, tag);
    }

    private static void CheckContent(string? content, ValidationErrors errors)
    {
        if (errors.Has("content"))
        {
            return;
        }

        if (content is null)
        {
            errors.Add("content", "is required");
            return;
        }

        if (string.IsNullOrWhiteSpace(content))
        {
            errors.Add("content", "must not be empty or only whitespace");
            return;
        }

        var characters = 0;
        for (var i = 0; i < content.Length; i++)
        {
            var c = content[i];
            if (char.IsHighSurrogate(c) && i + 1 < content.Length && char.IsLowSurrogate(content[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                errors.Add("content", $"contains an unpaired surrogate (U+{(int)c:X4}) at character {characters + 1}");
                return;
            }
            else if (char.IsControl(c) && c is not ('\n' or '\t') && !(c == '\r' && i + 1 < content.Length && content[i + 1] == '\n'))
            {
                errors.Add("content", $"contains the control character U+{(int)c:X4} at character {characters + 1}; only newlines and tabs are allowed");
                return;
            }

            characters++;
        }

        if (characters > MaxContentCharacters)
        {
            errors.Add("content", $"is {characters} characters long; at most {MaxContentCharacters} are allowed");
        }
    }

    private static string? CheckPersona(string? value, ValidationErrors errors)
    {
        if (errors.Has("persona") || string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var trimmed = value.Trim();
        if (PersonaCatalog.TryGet(trimmed, out var persona))
        {
            return persona.Name;
        }

        errors.Add("persona", $"unknown {TickerRules.Show(trimmed)}; use one of: {string.Join(", ", PersonaCatalog.Names)}");
        return null;
    }

    private static string? CheckLanguage(string? value, ValidationErrors errors)
    {
        if (errors.Has("language") || string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var trimmed = value.Trim();
        if (LanguageTag.IsWellFormed(trimmed))
        {
            return trimmed;
        }

        errors.Add("language", $"{TickerRules.Show(trimmed)} is not a well-formed BCP 47 language tag (e.g. en, zh-Hans, pt-BR)");
        return null;
    }
}
