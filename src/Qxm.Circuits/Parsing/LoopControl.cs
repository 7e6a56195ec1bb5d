namespace Qxm.Circuits.Parsing;

/// <summary>What a <c>break</c>, <c>continue</c> or <c>return</c> asked for: the statements after it are read
/// but do not run until the loop or subroutine it leaves takes over.</summary>
internal enum LoopControl
{
    None,
    Break,
    Continue,
    Return,
}
