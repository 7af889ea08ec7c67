using System.Text;

namespace PortfolioAdvisor.Advisor;

/// <summary>
/// Cuts a model's text, delta by delta, into messages: for a multi-message persona a run of whitespace holding two or
/// more line breaks (a blank line) ends a message, even when it falls inside a delta or spans several. Whitespace at a
/// message's start and end is dropped, so each message's content is trimmed and equals the text pieces sent for it.
/// </summary>
internal sealed class MessageSplitter(bool splitAtBlankLines)
{
    private readonly StringBuilder heldWhitespace = new();
    private bool inMessage;

    /// <summary>The pieces of <paramref name="delta"/>: text for the current message, or a <c>null</c> marking the end of a message.</summary>
    public List<string?> Feed(string delta)
    {
        var pieces = new List<string?>();
        var text = new StringBuilder();
        foreach (var c in delta)
        {
            if (char.IsWhiteSpace(c))
            {
                heldWhitespace.Append(c);
                continue;
            }

            if (heldWhitespace.Length > 0 && inMessage)
            {
                if (splitAtBlankLines && LineBreaks(heldWhitespace) >= 2)
                {
                    if (text.Length > 0)
                    {
                        pieces.Add(text.ToString());
                        text.Clear();
                    }

                    pieces.Add(null);
                }
                else
                {
                    text.Append(heldWhitespace);
                }
            }

            heldWhitespace.Clear();
            text.Append(c);
            inMessage = true;
        }

        if (text.Length > 0)
        {
            pieces.Add(text.ToString());
        }

        return pieces;
    }

    private static int LineBreaks(StringBuilder whitespace)
    {
        var count = 0;
        for (var i = 0; i < whitespace.Length; i++)
        {
            if (whitespace[i] == '\n')
            {
                count++;
            }
        }

        return count;
    }
}
