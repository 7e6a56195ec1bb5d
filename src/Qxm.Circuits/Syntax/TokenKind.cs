namespace Qxm.Circuits.Syntax;

internal enum TokenKind
{
    EndOfFile,
    Identifier,
    Integer,
    Real,
    String,
    HardwareQubit,
    LeftParen,
    RightParen,
    LeftBracket,
    RightBracket,
    LeftBrace,
    RightBrace,
    Semicolon,
    Comma,
    Colon,
    Arrow,
    Equals,
    EqualsEquals,
    Plus,
    Minus,
    Star,
    StarStar,
    Slash,
    Caret,
    At,
    Hash,

    /// <summary>Any other operator or punctuation; the parser only needs to name it in a message.</summary>
    Punctuation,

    /// <summary>A character no OpenQASM token starts with.</summary>
    Unknown,
    UnterminatedString,
    UnterminatedComment,
}
