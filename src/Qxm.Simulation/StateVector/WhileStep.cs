using System.Globalization;
using Qxm.Circuits.Ir;
using Qxm.Domain.Errors;

namespace Qxm.Simulation.StateVector;

/// <summary>A <c>while</c> on measured bits: the condition is read before every pass, per shot, and a shot is stopped
/// before pass <see cref="MaxIterations"/> + 1.</summary>
internal sealed record WhileStep(Condition Condition, IReadOnlyList<Step> Body, int MaxIterations, SourceSpan Span) : Step
{
    /// <summary>Runs one shot's loop: each pass's body through <paramref name="execute"/> while the condition holds on the
    /// shot's register, stopped before a pass past the limit.</summary>
    public void Run(char[] clbits, Action<Step> execute)
    {
        for (var pass = 0; Condition.HoldsOn(clbits); pass++)
        {
            CheckPass(pass);
            foreach (var inner in Body)
            {
                execute(inner);
            }
        }
    }

    /// <summary>Throws before a pass that would go past the loop's limit; <paramref name="passes"/> have begun.</summary>
    public void CheckPass(int passes)
    {
        if (passes >= MaxIterations)
        {
            throw new QxmException(string.Create(CultureInfo.InvariantCulture,
                $"line {Span.Line}, column {Span.Column}: a shot's 'while' loop on measured bits reached its limit of {MaxIterations} passes with its condition still true, so the run was stopped; make sure the loop ends (or raise ExpansionLimits.MaxShotLoopIterations)"));
        }
    }
}
