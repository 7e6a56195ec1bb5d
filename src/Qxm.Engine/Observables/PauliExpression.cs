using System.Globalization;

namespace Qxm.Engine.Observables;

/// <summary>Reads the expression form of an observable, a sum of weighted Pauli products such as
/// <c>0.5*Z0*Z1 - 0.3*X1 + 0.1</c>: terms joined by <c>+</c> or <c>-</c>, each a product (<c>*</c>) of numbers and
/// factors <c>X</c>, <c>Y</c> or <c>Z</c> followed by a qubit index; a term of numbers only is a multiple of the identity.
/// Equal strings are summed.</summary>
internal sealed class PauliExpression
{
    /// <summary>Qubit indices above this are refused while reading, before any term is built.</summary>
    internal const int MaxQubit = 1023;

    private readonly string _text;
    private int _at;

    private PauliExpression(string text) => _text = text;

    /// <summary>The terms by canonical label, or null with a message naming the 1-based character where reading failed.</summary>
    public static Dictionary<string, double>? Parse(string text, out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new PauliExpression(text).Sum(out error);
    }

    private Dictionary<string, double>? Sum(out string? error)
    {
        var terms = new Dictionary<string, double>(StringComparer.Ordinal);
        var sign = 1.0;
        SkipSpace();
        if (Peek() is '+' or '-')
        {
            sign = _text[_at++] == '-' ? -1 : 1;
        }

        while (true)
        {
            var (label, coefficient) = Term(out error);
            if (label is null)
            {
                return null;
            }

            terms[label] = terms.GetValueOrDefault(label) + (sign * coefficient);
            SkipSpace();
            if (_at == _text.Length)
            {
                return terms;
            }

            if (Peek() is not ('+' or '-'))
            {
                error = Fail($"expected '+', '-' or '*', found '{_text[_at]}'");
                return null;
            }

            sign = _text[_at++] == '-' ? -1 : 1;
        }
    }

    private (string? Label, double Coefficient) Term(out string? error)
    {
        var coefficient = 1.0;
        var factors = new List<PauliFactor>();
        while (true)
        {
            SkipSpace();
            var start = _at;
            var c = Peek();
            if (c is 'X' or 'Y' or 'Z')
            {
                _at++;
                var digits = _at;
                while (_at < _text.Length && char.IsAsciiDigit(_text[_at]))
                {
                    _at++;
                }

                if (_at == digits)
                {
                    error = Fail($"'{c}' needs a qubit index, as in {c}0");
                    return (null, 0);
                }

                var index = _text[digits.._at];
                var qubit = index.Length > 4 ? int.MaxValue : int.Parse(index, CultureInfo.InvariantCulture);
                if (qubit > MaxQubit)
                {
                    _at = digits;
                    error = Fail($"qubit index {index} is above {MaxQubit}");
                    return (null, 0);
                }

                if (factors.Any(f => f.Qubit == qubit))
                {
                    _at = start;
                    error = Fail($"qubit {qubit} appears twice in one term; write the product out (X*Y = iZ is not real)");
                    return (null, 0);
                }

                factors.Add(new PauliFactor(qubit, c));
            }
            else if (char.IsAsciiDigit(c) || c == '.')
            {
                var number = Number();
                if (number is null)
                {
                    _at = start;
                    error = Fail("malformed number");
                    return (null, 0);
                }

                coefficient *= number.Value;
            }
            else
            {
                error = Fail(_at == _text.Length ? "unexpected end; expected a number or a Pauli factor such as Z0" : $"expected a number or a Pauli factor such as Z0, found '{c}'");
                return (null, 0);
            }

            SkipSpace();
            if (Peek() != '*')
            {
                error = null;
                return (PauliLabel.Format(factors), coefficient);
            }

            _at++;
        }
    }

    private double? Number()
    {
        var start = _at;
        while (_at < _text.Length && (char.IsAsciiDigit(_text[_at]) || _text[_at] == '.'))
        {
            _at++;
        }

        if (_at < _text.Length && _text[_at] is 'e' or 'E')
        {
            _at++;
            if (_at < _text.Length && _text[_at] is '+' or '-')
            {
                _at++;
            }

            while (_at < _text.Length && char.IsAsciiDigit(_text[_at]))
            {
                _at++;
            }
        }

        return double.TryParse(_text.AsSpan(start, _at - start), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
            ? value
            : null;
    }

    private char Peek() => _at < _text.Length ? _text[_at] : '\0';

    private void SkipSpace()
    {
        while (_at < _text.Length && char.IsWhiteSpace(_text[_at]))
        {
            _at++;
        }
    }

    private string Fail(string message) => $"{message} at character {(_at + 1).ToString(CultureInfo.InvariantCulture)}";
}
