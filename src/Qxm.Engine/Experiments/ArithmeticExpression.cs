using System.Globalization;

namespace Qxm.Engine.Experiments;

/// <summary>Evaluates the small arithmetic language allowed where the format takes a number:
/// numbers, <c>pi</c>, <c>+ - * /</c>, parentheses and unary minus, so angles can be written as
/// <c>"pi/2"</c> instead of 1.5707963267948966.</summary>
internal sealed class ArithmeticExpression
{
    private readonly string _text;
    private int _at;

    private ArithmeticExpression(string text) => _text = text;

    /// <summary>The value of <paramref name="text"/>, or null with a one-line reason in <paramref name="error"/>.</summary>
    public static double? Evaluate(string text, out string? error)
    {
        var parser = new ArithmeticExpression(text);
        try
        {
            parser.SkipSpace();
            var value = parser.Sum();
            if (parser._at < text.Length)
            {
                throw parser.Unexpected();
            }

            if (!double.IsFinite(value))
            {
                throw new FormatException("the result is not a finite number");
            }

            error = null;
            return value;
        }
        catch (FormatException e)
        {
            error = e.Message;
            return null;
        }
    }

    private double Sum()
    {
        var value = Product();
        while (Peek() is '+' or '-')
        {
            var op = _text[_at++];
            SkipSpace();
            var right = Product();
            value = op == '+' ? value + right : value - right;
        }

        return value;
    }

    private double Product()
    {
        var value = Unary();
        while (Peek() is '*' or '/')
        {
            var op = _text[_at++];
            SkipSpace();
            var right = Unary();
            if (op == '/' && right == 0)
            {
                throw new FormatException("division by zero");
            }

            value = op == '*' ? value * right : value / right;
        }

        return value;
    }

    private double Unary()
    {
        if (Peek() == '-')
        {
            _at++;
            SkipSpace();
            return -Unary();
        }

        return Primary();
    }

    private double Primary()
    {
        var c = Peek();
        if (c == '(')
        {
            _at++;
            SkipSpace();
            var value = Sum();
            if (Peek() != ')')
            {
                throw _at < _text.Length ? Unexpected() : new FormatException("missing ')'");
            }

            _at++;
            SkipSpace();
            return value;
        }

        if (c is >= '0' and <= '9' or '.')
        {
            return Number();
        }

        if (char.IsLetter(c))
        {
            var start = _at;
            while (_at < _text.Length && char.IsLetterOrDigit(_text[_at]))
            {
                _at++;
            }

            var word = _text[start.._at];
            if (word != "pi")
            {
                _at = start;
                throw new FormatException($"unknown name '{word}' at character {start + 1} (only pi is known)");
            }

            SkipSpace();
            return Math.PI;
        }

        throw _at < _text.Length ? Unexpected() : new FormatException("expected a number, pi or '(' at the end");
    }

    private double Number()
    {
        var start = _at;
        while (_at < _text.Length && (char.IsAsciiDigit(_text[_at]) || _text[_at] == '.'))
        {
            _at++;
        }

        if (_at < _text.Length && _text[_at] is 'e' or 'E')
        {
            var mark = _at++;
            if (_at < _text.Length && _text[_at] is '+' or '-')
            {
                _at++;
            }

            if (_at >= _text.Length || !char.IsAsciiDigit(_text[_at]))
            {
                _at = mark;
                throw Unexpected();
            }

            while (_at < _text.Length && char.IsAsciiDigit(_text[_at]))
            {
                _at++;
            }
        }

        var literal = _text[start.._at];
        if (!double.TryParse(literal, NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var value))
        {
            throw new FormatException($"'{literal}' at character {start + 1} is not a number");
        }

        SkipSpace();
        return value;
    }

    private char Peek() => _at < _text.Length ? _text[_at] : '\0';

    private void SkipSpace()
    {
        while (_at < _text.Length && char.IsWhiteSpace(_text[_at]))
        {
            _at++;
        }
    }

    private FormatException Unexpected() => new($"unexpected '{_text[_at]}' at character {_at + 1}");
}
