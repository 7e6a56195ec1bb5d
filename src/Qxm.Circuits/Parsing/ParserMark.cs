namespace Qxm.Circuits.Parsing;

/// <summary>A position in a token stream: the current and lookahead tokens and the lexer state after them.</summary>
internal readonly record struct ParserMark(Token Current, Token Next, (int Position, int Line, int LineStart) Lexer);
