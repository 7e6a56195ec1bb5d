using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Qxm.Circuits.Ir;

namespace Qxm.Engine.Submission;

/// <summary>The identity of an experiment version: SHA-256 over a canonical text of what determines its results.
/// The canonical form is documented in docs/fingerprint.md; golden-vector tests pin it, so changing it is a
/// deliberate, versioned decision.</summary>
public static class Fingerprint
{
    public const string FormatVersion = "qxm-fingerprint-v1";

    public static string Compute(Circuit circuit, ExperimentSpec spec) => Hash(CanonicalText(circuit, spec));

    public static string CanonicalText(Circuit circuit, ExperimentSpec spec)
    {
        ArgumentNullException.ThrowIfNull(circuit);
        ArgumentNullException.ThrowIfNull(spec);
        var sb = new StringBuilder();
        sb.Append(FormatVersion).Append('\n');
        sb.Append("backend ").Append(spec.Backend).Append('\n');
        sb.Append("shots ").Append(spec.Shots.ToString(CultureInfo.InvariantCulture)).Append('\n');
        sb.Append("seed ").Append(spec.Seed?.ToString(CultureInfo.InvariantCulture) ?? "none").Append('\n');
        sb.Append("sweep ").Append(spec.Parameters.Count > 1 ? spec.Sweep.ToString().ToLowerInvariant() : "none").Append('\n');

        // Single precision changes the amplitudes, so it is part of the definition; the thread count never changes counts.
        if (spec.Options?.Precision is { } precision && precision != "double")
        {
            sb.Append("precision ").Append(precision).Append('\n');
        }

        foreach (var axis in spec.Parameters.OrderBy(a => a.Name, StringComparer.Ordinal))
        {
            sb.Append("param ").Append(axis.Name).Append(" [")
                .AppendJoin(',', axis.Values.Select(v => v.ToString("R", CultureInfo.InvariantCulture)))
                .Append("]\n");
        }

        // Observables change the circuits run and what is returned; absent, the text (and every older fingerprint) is unchanged.
        foreach (var observable in spec.Observables ?? [])
        {
            sb.Append("observable ").Append(observable.Name).Append(observable.Width is { } width ? $" width {width.ToString(CultureInfo.InvariantCulture)}" : "").Append('\n');
            foreach (var term in observable.Terms)
            {
                sb.Append("term ").Append(term.Pauli).Append(' ').Append(term.Coefficient.ToString("R", CultureInfo.InvariantCulture)).Append('\n');
            }
        }

        if (spec.Observables is { Count: > 0 } && spec.Expectation == Domain.Observables.ExpectationMode.Exact)
        {
            sb.Append("expectation exact\n");
        }

        // Mitigation changes the stored results though not the circuits; experiments that differ in it are different versions.
        if (spec.Observables is { Count: > 0 } && spec.Mitigation != Domain.Observables.MitigationMethod.None)
        {
            sb.Append("mitigation ").Append(spec.Mitigation.ToString().ToLowerInvariant()).Append('\n');
            if (spec.Zne is { } zne)
            {
                sb.Append("zne ").AppendJoin(',', zne.ScaleFactors).Append(' ').Append(zne.Fit.ToString().ToLowerInvariant()).Append('\n');
            }
        }

        sb.Append("circuit\n").Append(circuit.ToCanonicalString());
        return sb.ToString();
    }

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
