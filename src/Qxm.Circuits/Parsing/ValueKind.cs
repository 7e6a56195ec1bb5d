namespace Qxm.Circuits.Parsing;

/// <summary>What an OpenQASM 3 classical expression evaluates to while the program is parsed.</summary>
internal enum ValueKind
{
    /// <summary><c>int</c> and <c>uint</c> values known at parse time.</summary>
    Int,

    /// <summary><c>float</c> and <c>angle</c> values known at parse time.</summary>
    Float,

    Bool,

    /// <summary>A <c>duration</c>: <see cref="Value.Real"/> in the unit <see cref="Value.Payload"/> (<c>s</c> or <c>dt</c>).</summary>
    Duration,

    /// <summary>A <c>stretch</c>: a duration the device chooses.</summary>
    Stretch,

    /// <summary>A real expression over <c>input</c>s or gate parameters, known only once bound.</summary>
    Symbolic,

    /// <summary>Bits holding measurement results: known only while a shot runs.</summary>
    Bits,

    /// <summary>A test on measurement results, decided while a shot runs.</summary>
    Condition,

    /// <summary>An <c>int</c>, <c>uint</c> or <c>bool</c> computed from measured bits while a shot runs
    /// (<see cref="RuntimeInteger"/>).</summary>
    RuntimeInteger,

    /// <summary>A classical array (<see cref="ClassicalArray"/>) of values known before the run.</summary>
    Array,

    /// <summary>A <c>complex</c> known before the run (<see cref="Value.Complex"/>).</summary>
    Complex,

    /// <summary>A value the parser cannot know because it is checking code that will not run
    /// (a subroutine body, an untaken branch); it propagates without further errors.</summary>
    Unknown,
}
