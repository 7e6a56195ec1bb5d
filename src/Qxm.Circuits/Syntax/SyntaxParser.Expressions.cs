using System.Buffers;
using System.Collections.Immutable;
using System.Globalization;
using Qxm.Circuits.Parsing;

namespace Qxm.Circuits.Syntax;

/// <summary>The one expression grammar, by precedence climbing with OpenQASM 3's table (lowest first): <c>++</c>,
/// <c>||</c>, <c>&amp;&amp;</c>, <c>|</c>, <c>^</c>, <c>&amp;</c>, equality, comparison, shifts, <c>+ -</c>,
/// <c>* / %</c>, prefix <c>- ! ~</c>, then <c>**</c> (right-associative, and binding tighter than a prefix on its left:
/// <c>-2**2</c> is <c>-(2**2)</c>), then indexing. OpenQASM 2 has a subset of it, with <c>^</c> for the power.</summary>
internal sealed partial class SyntaxParser
{
    private static readonly SearchValues<char> HexDigits = SearchValues.Create("0123456789abcdefABCDEF_");
    private static readonly SearchValues<char> DecimalDigits = SearchValues.Create("0123456789_");

    private ExpressionSyntax ParseExpression() => ParseBinary(0);

    private ExpressionSyntax ParseBinary(int minimum) => ContinueBinary(ParseUnary(), minimum);

    /// <summary>The rest of a binary expression whose leftmost operand, <paramref name="left"/>, is read already (an
    /// expression statement is known to be one only after its first operand).</summary>
    private ExpressionSyntax ContinueBinary(ExpressionSyntax left, int minimum)
    {
        while (BinaryOperator() is { } op && Precedence(op) >= minimum)
        {
            var at = SpanOf(_current);
            Advance();
            var right = ParseBinary(Precedence(op) + 1);
            left = new BinarySyntax(Join(left.Span), op, left, right, at);
        }

        return left;
    }

    private static int Precedence(string op) => op switch
    {
        "++" => 0,
        "||" => 1,
        "&&" => 2,
        "|" => 3,
        "^" => 4,
        "&" => 5,
        "==" or "!=" => 6,
        "<" or "<=" or ">" or ">=" => 7,
        "<<" or ">>" => 8,
        "+" or "-" => 9,
        _ => 10,
    };

    /// <summary>The binary operator at the current token (other than <c>**</c>, read with its operand), or null.</summary>
    private string? BinaryOperator() => _current.Kind switch
    {
        TokenKind.Plus => "+",
        TokenKind.Minus => "-",
        TokenKind.Star => "*",
        TokenKind.Slash => "/",
        TokenKind.EqualsEquals => "==",
        TokenKind.Caret when _version >= 3 => "^",
        TokenKind.Punctuation when _version >= 3 => Text(_current) switch
        {
            "||" => "||",
            "&&" => "&&",
            "|" => "|",
            "&" => "&",
            "!=" => "!=",
            "<" => "<",
            "<=" => "<=",
            ">" => ">",
            ">=" => ">=",
            "<<" => "<<",
            ">>" => ">>",
            "%" => "%",
            "++" => "++",
            _ => null,
        },
        _ => null,
    };

    private ExpressionSyntax ParseUnary()
    {
        Enter();
        try
        {
            var token = _current;
            string? op = token.Kind switch
            {
                TokenKind.Minus => "-",
                TokenKind.Plus => "+",
                TokenKind.Punctuation when _version >= 3 && TextIs(token, "!") => "!",
                TokenKind.Punctuation when _version >= 3 && TextIs(token, "~") => "~",
                _ => null,
            };
            if (op is null)
            {
                return ParsePower();
            }

            Advance();
            var operand = ParseUnary();
            return op == "+" ? operand : new UnarySyntax(SpanFrom(token), op, operand);
        }
        finally
        {
            Leave();
        }
    }

    private ExpressionSyntax ParsePower()
    {
        var operand = ParsePostfix();
        if (_current.Kind == TokenKind.StarStar || (_current.Kind == TokenKind.Caret && _version == 2))
        {
            var at = SpanOf(_current);
            Advance();
            var exponent = ParseUnary();
            return new BinarySyntax(Join(operand.Span), "**", operand, exponent, at);
        }

        return operand;
    }

    /// <summary>A primary expression followed by any number of indices: <c>a[1]</c>, <c>m[0, 1]</c>, <c>q[0:2][1]</c>.</summary>
    private ExpressionSyntax ParsePostfix()
    {
        var expression = ParsePrimary();
        while (_current.Kind == TokenKind.LeftBracket)
        {
            Advance();
            var index = ParseRangeOrExpression();
            ImmutableArray<ExpressionSyntax> more = [];
            if (_current.Kind == TokenKind.Comma)
            {
                var indices = RentList();
                while (_current.Kind == TokenKind.Comma)
                {
                    Advance();
                    indices.Add(ParseRangeOrExpression());
                }

                more = ToArrayAndReturn(indices);
            }

            Expect(TokenKind.RightBracket);
            expression = new IndexSyntax(Join(expression.Span), expression, index, more);
        }

        return expression;
    }

    /// <summary>An index or a range <c>a:b</c>, <c>a:s:b</c>, any part left out (<c>:</c>, <c>a:</c>, <c>:b</c>).</summary>
    private ExpressionSyntax ParseRangeOrExpression()
    {
        var start = _current;
        ExpressionSyntax? first = null;
        if (_current.Kind != TokenKind.Colon)
        {
            first = ParseExpression();
            if (_current.Kind != TokenKind.Colon)
            {
                return first;
            }
        }

        Advance();
        var second = _current.Kind is TokenKind.RightBracket or TokenKind.Comma or TokenKind.Colon ? null : ParseExpression();
        if (_current.Kind != TokenKind.Colon)
        {
            return new RangeSyntax(SpanFrom(start), first, null, second);
        }

        Advance();
        var third = _current.Kind is TokenKind.RightBracket or TokenKind.Comma ? null : ParseExpression();
        return new RangeSyntax(SpanFrom(start), first, second, third);
    }

    private ExpressionSyntax ParsePrimary()
    {
        var token = _current;
        switch (token.Kind)
        {
            case TokenKind.Integer or TokenKind.Real:
                return ParseNumber(token);
            case TokenKind.String:
                Advance();
                return new LiteralSyntax(SpanOf(token), LiteralKind.BitString, token.Text!);
            case TokenKind.HardwareQubit:
                Advance();
                if (token.Length < 2 || !int.TryParse(_source.AsSpan(token.Start + 1, token.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var index))
                {
                    throw SyntaxError("expected a qubit number after '$'", token);
                }

                return new PhysicalQubitSyntax(SpanOf(token), index);
            case TokenKind.LeftParen:
                Advance();
                var inner = ParseExpression();
                Expect(TokenKind.RightParen);
                return inner;
            case TokenKind.LeftBrace:
                return ParseSet(token);
            case TokenKind.Identifier:
                return ParseNamed(token);
            default:
                throw SyntaxError($"expected an expression but found {Describe(token)}", token);
        }
    }

    private ExpressionSyntax ParseNamed(Token token)
    {
        var name = token.Text!;
        if (_version >= 3)
        {
            switch (name)
            {
                case "true" or "false":
                    Advance();
                    return new LiteralSyntax(SpanOf(token), LiteralKind.Boolean, name);
                case "measure":
                    Advance();
                    var measured = ParseOperand();
                    return new MeasureSyntax(SpanFrom(token), measured);
                case "durationof" when _next.Kind == TokenKind.LeftParen:
                    Advance();
                    Advance();
                    var block = ParseBlock();
                    Expect(TokenKind.RightParen);
                    return new DurationOfSyntax(SpanFrom(token), block);
                case "bit" or "int" or "uint" or "float" or "angle" or "bool" or "duration" or "complex"
                    when _next.Kind is TokenKind.LeftParen or TokenKind.LeftBracket:
                    var type = ParseType();
                    Expect(TokenKind.LeftParen);
                    var operand = ParseExpression();
                    Expect(TokenKind.RightParen);
                    return new CastSyntax(SpanFrom(token), type, operand);
            }
        }

        Advance();
        var identifier = new IdentifierSyntax(SpanOf(token), name);
        if (_current.Kind != TokenKind.LeftParen)
        {
            return identifier;
        }

        Advance();
        var arguments = RentList();
        if (_current.Kind != TokenKind.RightParen)
        {
            arguments.Add(ParseExpression());
            while (_current.Kind == TokenKind.Comma)
            {
                Advance();
                arguments.Add(ParseExpression());
            }
        }

        Expect(TokenKind.RightParen);
        return new CallSyntax(SpanFrom(token), identifier, ToArrayAndReturn(arguments));
    }

    private SetSyntax ParseSet(Token start)
    {
        Advance();
        var items = RentList();
        if (_current.Kind != TokenKind.RightBrace)
        {
            items.Add(ParseExpression());
            while (_current.Kind == TokenKind.Comma)
            {
                Advance();
                if (_current.Kind == TokenKind.RightBrace)
                {
                    break;
                }

                items.Add(ParseExpression());
            }
        }

        Expect(TokenKind.RightBrace);
        return new SetSyntax(SpanFrom(start), ToArrayAndReturn(items));
    }

    /// <summary>A number, with what touches it: a time unit (<c>100ns</c>), <c>im</c> (<c>2im</c>, also after spaces
    /// or tabs as the specification's grammar allows: <c>5.5 im</c>), a base prefix (<c>0x1f</c>, <c>0b101</c>,
    /// <c>0o17</c>) or digit separators (<c>1_000</c>).</summary>
    private LiteralSyntax ParseNumber(Token token)
    {
        Advance();
        var kind = token.Kind == TokenKind.Real ? LiteralKind.Float : LiteralKind.Integer;
        var suffix = _current;
        if (suffix.Kind == TokenKind.Identifier && (Touches(token, suffix) || (suffix.Text == "im" && BlanksBetween(token, suffix))))
        {
            var text = suffix.Text!;
            if (DurationUnits.Contains(text))
            {
                kind = LiteralKind.Duration;
            }
            else if (text == "im")
            {
                kind = LiteralKind.Imaginary;
            }
            else if (kind == LiteralKind.Integer && IsBasedOrSeparated(Text(token), text))
            {
                kind = LiteralKind.Integer;
            }
            else
            {
                throw SyntaxError($"unexpected {Describe(suffix)} after the number {Describe(token)}", suffix);
            }

            Advance();
        }

        var span = SpanFrom(token);
        return new LiteralSyntax(span, kind, Intern(_source.AsSpan(span.Start, span.Length)));
    }

    private bool BlanksBetween(Token token, Token next) =>
        next.Start > token.Start + token.Length
        && !_source.AsSpan(token.Start + token.Length, next.Start - token.Start - token.Length).ContainsAnyExcept(' ', '\t');

    private static bool IsBasedOrSeparated(string number, string rest)
    {
        if (number == "0" && rest.Length > 1 && rest[0] is 'x' or 'X' or 'b' or 'B' or 'o' or 'O')
        {
            return !rest.AsSpan(1).ContainsAnyExcept(HexDigits);
        }

        return rest[0] == '_' && !rest.AsSpan().ContainsAnyExcept(DecimalDigits);
    }

    /// <summary>A span from <paramref name="first"/> to the end of the last token read.</summary>
    private TextSpan Join(TextSpan first) =>
        first with { Length = Math.Max(0, _previous.Start + _previous.Length - first.Start) };
}
