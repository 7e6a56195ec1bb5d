using Qxm.Domain.Backends;

namespace Qxm.Backends.Devices;

/// <summary>A fake device's calibration under its <see cref="DriftPlan"/>: snapshot k is taken <c>k · every</c> after the
/// device started (by its <see cref="TimeProvider"/>), each qubit's T1 having taken k seeded log-normal steps and the
/// jumps due by then applied. The same seed, start and clock give the same snapshots, on any machine.</summary>
internal sealed class DriftingCalibration
{
    private readonly CalibrationSnapshot _start;
    private readonly DriftPlan _plan;
    private readonly TimeProvider _time;
    private readonly DateTimeOffset _origin;
    private readonly Lock _gate = new();
    private readonly double[] _t1;
    private long _step;
    private CalibrationSnapshot _current;

    public DriftingCalibration(CalibrationSnapshot start, DriftPlan plan, TimeProvider time)
    {
        _start = start;
        _plan = plan;
        _time = time;
        _origin = time.GetUtcNow();
        _t1 = [.. start.Qubits.Select(q => q.T1Us)];
        _current = Build();
    }

    /// <summary>The snapshot in effect now.</summary>
    public CalibrationSnapshot Current()
    {
        var due = Math.Max(0, (long)Math.Floor((_time.GetUtcNow() - _origin) / _plan.Every));
        lock (_gate)
        {
            if (due == _step)
            {
                return _current;
            }

            if (due < _step)
            {
                // The clock went back (a test's fake clock): replay from the start, the walk is a pure function of the seed.
                _step = 0;
                for (var q = 0; q < _t1.Length; q++)
                {
                    _t1[q] = _start.Qubits[q].T1Us;
                }
            }

            while (_step < due)
            {
                _step++;
                for (var q = 0; q < _t1.Length; q++)
                {
                    _t1[q] *= Math.Exp(_plan.T1RelativeStep * Normal(_plan.Seed, (ulong)_step, (ulong)q));
                }
            }

            _current = Build();
            return _current;
        }
    }

    private CalibrationSnapshot Build()
    {
        var elapsed = _plan.Every * _step;
        var qubits = new List<QubitCalibration>(_t1.Length);
        for (var q = 0; q < _t1.Length; q++)
        {
            var start = _start.Qubits[q];
            var (t1, t2, readout) = (_t1[q], start.T2Us, start.ReadoutError);
            foreach (var jump in _plan.Jumps.Where(j => j.Qubit == start.Qubit && j.After <= elapsed))
            {
                (t1, t2, readout) = (jump.T1Us ?? t1, jump.T2Us ?? t2, jump.ReadoutError ?? readout);
            }

            // Physics bounds T2 by 2·T1: a T1 that drifts down drags T2 with it.
            qubits.Add(start with { T1Us = t1, T2Us = Math.Min(t2, 2 * t1), ReadoutError = readout });
        }

        return _start with { TakenAt = _origin + elapsed, Qubits = qubits };
    }

    /// <summary>A standard normal draw that depends only on (seed, step, qubit): Box-Muller over two SplitMix64 outputs.</summary>
    private static double Normal(ulong seed, ulong step, ulong qubit)
    {
        var state = Mix(seed ^ Mix(step * 0x9E3779B97F4A7C15UL) ^ Mix((qubit + 1) * 0xC2B2AE3D27D4EB4FUL));
        var u1 = ((Mix(state) >> 11) + 1) * (1.0 / (1UL << 53));
        var u2 = (Mix(state + 0x9E3779B97F4A7C15UL) >> 11) * (1.0 / (1UL << 53));
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
