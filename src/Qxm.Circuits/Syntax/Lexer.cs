namespace Qxm.Circuits.Syntax;

/// <summary>Turns OpenQASM text into tokens on demand. Identifiers are interned through a shared table so
/// that a million-line program allocates one string per distinct name, not per occurrence.</summary>
internal sealed class Lexer
{
    private readonly string _text;
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _names;
    private int _position;

    public Lexer(string text, Dictionary<string, string> names)
    {
        _text = text;
        _names = names.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public Token Next()
    {
        var text = _text;
        while (true)
        {
            if (_position >= text.Length)
            {
                return Make(TokenKind.EndOfFile, _position, 0);
            }

            var c = text[_position];
            if (c is ' ' or '\n' or '\t' or '\r' or '\f' or '\v')
            {
                _position++;
            }
            else if (c == '/' && _position + 1 < text.Length && text[_position + 1] == '/')
            {
                var end = text.IndexOf('\n', _position);
                _position = end < 0 ? text.Length : end;
            }
            else if (c == '/' && _position + 1 < text.Length && text[_position + 1] == '*')
            {
                if (!SkipBlockComment(out var unterminated))
                {
                    return unterminated;
                }
            }
            else
            {
                break;
            }
        }

        return Scan();
    }

    private bool SkipBlockComment(out Token unterminated)
    {
        var start = _position;
        var end = _text.AsSpan(start + 2).IndexOf("*/");
        if (end >= 0)
        {
            _position = start + 2 + end + 2;
            unterminated = default;
            return true;
        }

        unterminated = new Token(TokenKind.UnterminatedComment, start, _text.Length - start, null);
        _position = _text.Length;
        return false;
    }

    private Token Scan()
    {
        var text = _text;
        var start = _position;
        var c = text[start];
        if (char.IsAsciiLetter(c) || c == '_' || (c > 127 && char.IsLetter(c)))
        {
            var end = start + 1;
            while (end < text.Length && IsIdentifierPart(text[end]))
            {
                end++;
            }

            return Identifier(start, end);
        }

        if (char.IsAsciiDigit(c) || (c == '.' && start + 1 < text.Length && char.IsAsciiDigit(text[start + 1])))
        {
            return Number(start);
        }

        var next = start + 1 < text.Length ? text[start + 1] : '\0';
        switch (c)
        {
            case '(': return Punct(TokenKind.LeftParen, 1);
            case ')': return Punct(TokenKind.RightParen, 1);
            case '[': return Punct(TokenKind.LeftBracket, 1);
            case ']': return Punct(TokenKind.RightBracket, 1);
            case '{': return Punct(TokenKind.LeftBrace, 1);
            case '}': return Punct(TokenKind.RightBrace, 1);
            case ';': return Punct(TokenKind.Semicolon, 1);
            case ',': return Punct(TokenKind.Comma, 1);
            case ':': return Punct(TokenKind.Colon, 1);
            case '^': return next == '=' ? Punct(TokenKind.Punctuation, 2) : Punct(TokenKind.Caret, 1);
            case '@': return Punct(TokenKind.At, 1);
            case '#': return Punct(TokenKind.Hash, 1);
            case '/': return next == '=' ? Punct(TokenKind.Punctuation, 2) : Punct(TokenKind.Slash, 1);
            case '=': return next == '=' ? Punct(TokenKind.EqualsEquals, 2) : Punct(TokenKind.Equals, 1);
            case '+': return next is '=' or '+' ? Punct(TokenKind.Punctuation, 2) : Punct(TokenKind.Plus, 1);
            case '-':
                return next switch
                {
                    '>' => Punct(TokenKind.Arrow, 2),
                    '=' or '-' => Punct(TokenKind.Punctuation, 2),
                    _ => Punct(TokenKind.Minus, 1),
                };
            case '*':
                return next switch
                {
                    '*' when start + 2 < text.Length && text[start + 2] == '=' => Punct(TokenKind.Punctuation, 3),
                    '*' => Punct(TokenKind.StarStar, 2),
                    '=' => Punct(TokenKind.Punctuation, 2),
                    _ => Punct(TokenKind.Star, 1),
                };
            case '<' or '>' or '!' or '&' or '|' or '%' or '~' or '.' or '?':
                var twoChars = next == '=' || (next == c && c is '<' or '>' or '&' or '|');

                // The compound shifts '<<=' and '>>='.
                var threeChars = next == c && c is '<' or '>' && start + 2 < text.Length && text[start + 2] == '=';
                return Punct(TokenKind.Punctuation, threeChars ? 3 : twoChars ? 2 : 1);
            case '"' or '\'':
                return String(start, c);
            case '$':
                var digitsEnd = start + 1;
                while (digitsEnd < text.Length && char.IsAsciiDigit(text[digitsEnd]))
                {
                    digitsEnd++;
                }

                return Punct(TokenKind.HardwareQubit, Math.Max(1, digitsEnd - start));
            default:
                // A surrogate pair is one character to the user; never split it in a message.
                var width = char.IsHighSurrogate(c) && char.IsLowSurrogate(next) ? 2 : 1;
                return Punct(TokenKind.Unknown, width);
        }
    }

    private static bool IsIdentifierPart(char c) =>
        char.IsAsciiLetterOrDigit(c) || c == '_' || (c > 127 && char.IsLetterOrDigit(c));

    private Token Identifier(int start, int end)
    {
        var span = _text.AsSpan(start, end - start);
        if (!_names.TryGetValue(span, out var name))
        {
            name = span.ToString();
            _names[span] = name;
        }

        var token = new Token(TokenKind.Identifier, start, end - start, name);
        _position = end;
        return token;
    }

    private Token Number(int start)
    {
        var text = _text;
        var end = start;
        var isReal = false;
        while (end < text.Length && char.IsAsciiDigit(text[end]))
        {
            end++;
        }

        if (end < text.Length && text[end] == '.')
        {
            isReal = true;
            end++;
            while (end < text.Length && char.IsAsciiDigit(text[end]))
            {
                end++;
            }
        }

        if (end < text.Length && text[end] is 'e' or 'E')
        {
            var exponent = end + 1;
            if (exponent < text.Length && text[exponent] is '+' or '-')
            {
                exponent++;
            }

            if (exponent < text.Length && char.IsAsciiDigit(text[exponent]))
            {
                isReal = true;
                end = exponent;
                while (end < text.Length && char.IsAsciiDigit(text[end]))
                {
                    end++;
                }
            }
        }

        return Punct(isReal ? TokenKind.Real : TokenKind.Integer, end - start);
    }

    private Token String(int start, char quote)
    {
        var end = start + 1;
        while (end < _text.Length && _text[end] != quote && _text[end] != '\n')
        {
            end++;
        }

        if (end >= _text.Length || _text[end] != quote)
        {
            return Punct(TokenKind.UnterminatedString, end - start);
        }

        var token = new Token(TokenKind.String, start, end + 1 - start, _text.Substring(start + 1, end - start - 1));
        _position = end + 1;
        return token;
    }

    private Token Punct(TokenKind kind, int length) => Make(kind, _position, length);

    private Token Make(TokenKind kind, int start, int length)
    {
        var token = new Token(kind, start, length, null);
        _position = start + length;
        return token;
    }
}
