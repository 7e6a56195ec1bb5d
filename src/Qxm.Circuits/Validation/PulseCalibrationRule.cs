using System.Buffers;
using Qxm.Circuits.Ir;
using Qxm.Domain.Errors;

namespace Qxm.Circuits.Validation;

/// <summary>Pulse-level calibration (<c>defcalgrammar</c>, <c>cal</c>, <c>defcal</c>), which the front end keeps verbatim.
/// Running the gates' standard definitions instead would silently run another experiment than the one written, so a
/// target refuses it unless it declares that it reads calibrations (<see cref="Domain.Backends.TargetFeatures.PulseCalibration"/>).</summary>
internal sealed class PulseCalibrationRule : IValidationRule
{
    public string Id => ValidationRules.PulseCalibration;

    public IEnumerable<Diagnostic> Check(ValidationContext context) => context.Target.Features.PulseCalibration
        ? []
        : context.Circuit.Directives.Where(d => d.Kind == DirectiveKind.Calibration).Select(d => new Diagnostic(
            Id,
            Keyword(d.Text) is "defcalgrammar" or "cal" or "defcal" or "OPENQASM"
                ? $"pulse-level calibration ('{Keyword(d.Text)}') is not supported on {context.Backend}; "
                    + "remove the calibration statements to run the gates' standard definitions, or choose a backend that accepts pulse-level calibration"
                : $"gate '{Keyword(d.Text)}' is defined only by a 'defcal' (pulse-level calibration), which {context.Backend} does not read; "
                    + "define it with 'gate' to run it here, or choose a backend that accepts pulse-level calibration",
            context.File,
            d.Span.Line,
            d.Span.Column));

    private static readonly SearchValues<char> KeywordEnd = SearchValues.Create(" \t\n{($;");

    private static string Keyword(string text)
    {
        var end = text.AsSpan().IndexOfAny(KeywordEnd);
        return end < 0 ? text : text[..end];
    }
}
