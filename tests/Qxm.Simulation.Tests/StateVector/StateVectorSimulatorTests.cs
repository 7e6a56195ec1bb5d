using System.Numerics;
using Qxm.Circuits.Ir;
using Qxm.Domain.Errors;
using Qxm.Simulation.StateVector;

namespace Qxm.Simulation.Tests.StateVector;

public class StateVectorSimulatorTests
{
    private static readonly double R = Math.Sqrt(0.5);

    [Fact]
    public void FinalState_Bell_HasEqualAmplitudesOnZeroZeroAndOneOne()
    {
        var circuit = new CircuitBuilder(2).Gate("h", 0).Gate("cx", 0, 1).Build();

        MatrixAssert.Equal([R, 0, 0, R], StateVectorSimulator.FinalState(circuit));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(12)]
    public void Probabilities_Ghz_OnlyAllZerosAndAllOnesWithOneHalfEach(int n)
    {
        var builder = new CircuitBuilder(n, n).Gate("h", 0);
        for (var q = 1; q < n; q++)
        {
            builder.Gate("cx", q - 1, q);
        }

        var probabilities = StateVectorSimulator.Probabilities(builder.MeasureAll().Build());

        Assert.Equal(2, probabilities.Count);
        Assert.Equal(0.5, probabilities[new string('0', n)], 12);
        Assert.Equal(0.5, probabilities[new string('1', n)], 12);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(6)]
    [InlineData(11)]
    [InlineData(15)]
    public void FinalState_QftOfBasisState_HasFourierAmplitudes(int j)
    {
        const int n = 4;
        const int size = 1 << n;
        var builder = new CircuitBuilder(n);
        for (var q = 0; q < n; q++)
        {
            if (((j >> q) & 1) == 1)
            {
                builder.Gate("x", q);
            }
        }

        for (var target = n - 1; target >= 0; target--)
        {
            builder.Gate("h", target);
            for (var control = target - 1; control >= 0; control--)
            {
                builder.Gate("cp", [Math.PI / (1 << (target - control))], control, target);
            }
        }

        for (var q = 0; q < n / 2; q++)
        {
            builder.Gate("swap", q, n - 1 - q);
        }

        var expected = Enumerable.Range(0, size)
            .Select(k => Complex.FromPolarCoordinates(1 / Math.Sqrt(size), 2 * Math.PI * j * k / size))
            .ToArray();
        MatrixAssert.Equal(expected, StateVectorSimulator.FinalState(builder.Build()));
    }

    [Fact]
    public void FinalState_RandomCircuitThenItsInverse_ReturnsToAllZeros()
    {
        const int n = 6;
        var random = new Random(11);
        var forward = new List<GateOperation>();
        for (var i = 0; i < 80; i++)
        {
            var (name, arity, parameterCount) = InvertibleGates[random.Next(InvertibleGates.Length)];
            var qubits = Enumerable.Range(0, n).OrderBy(_ => random.Next()).Take(arity).ToArray();
            var parameters = Enumerable.Range(0, parameterCount).Select(_ => (random.NextDouble() - 0.5) * 7).ToArray();
            forward.Add(CircuitBuilder.NewGate(name, parameters, qubits));
        }

        var builder = new CircuitBuilder(n);
        forward.ForEach(g => builder.Add(g));
        var halfway = StateVectorSimulator.FinalState(builder.Build());
        Enumerable.Reverse(forward).Select(Inverse).ToList().ForEach(g => builder.Add(g));
        var state = StateVectorSimulator.FinalState(builder.Build());

        Assert.True(halfway[0].Magnitude < 0.5, "the forward circuit should leave |0...0>");
        var expected = new Complex[1 << n];
        expected[0] = 1;
        MatrixAssert.Equal(expected, state);
    }

    [Fact]
    public void Run_XOnQubitZeroMeasuredIntoClbitZero_GivesZeroOne()
    {
        var circuit = new CircuitBuilder(2, 2).Gate("x", 0).MeasureAll().Build();

        var outcome = StateVectorSimulator.Run(circuit, 100, 1);

        Assert.Equal(new Dictionary<string, long> { ["01"] = 100 }, outcome.Counts);
        Assert.True(outcome.Seconds >= 0);
    }

    [Fact]
    public void Run_ClbitNeverWritten_ReadsZero()
    {
        var circuit = new CircuitBuilder(1, 3).Gate("x", 0).Measure(0, 2).Build();

        Assert.Equal(new Dictionary<string, long> { ["100"] = 10 }, StateVectorSimulator.Run(circuit, 10, 1).Counts);
    }

    [Fact]
    public void Run_NoClbits_CountsEveryShotUnderEmptyKey()
    {
        var circuit = new CircuitBuilder(2).Gate("h", 0).Build();

        Assert.Equal(new Dictionary<string, long> { [""] = 50 }, StateVectorSimulator.Run(circuit, 50, 1).Counts);
    }

    [Fact]
    public void Run_ZeroShots_ReturnsNoCounts()
    {
        var circuit = new CircuitBuilder(1, 1).Gate("h", 0).Measure(0, 0).Build();

        Assert.Empty(StateVectorSimulator.Run(circuit, 0, 1).Counts);
    }

    [Fact]
    public void Probabilities_ClbitWrittenTwice_KeepsTheLastWrite()
    {
        var circuit = new CircuitBuilder(2, 1).Gate("x", 0).Measure(0, 0).Measure(1, 0).Build();

        Assert.Equal(new Dictionary<string, double> { ["0"] = 1 }, StateVectorSimulator.Probabilities(circuit));
    }

    [Fact]
    public void Probabilities_SubsetMeasured_MarginalisesTheRest()
    {
        var circuit = new CircuitBuilder(3, 2).Gate("h", 0).Gate("ry", [2 * Math.Acos(Math.Sqrt(0.2))], 2).Measure(2, 1).Build();

        var probabilities = StateVectorSimulator.Probabilities(circuit);

        Assert.Equal(2, probabilities.Count);
        Assert.Equal(0.2, probabilities["00"], 12);
        Assert.Equal(0.8, probabilities["10"], 12);
    }

    [Fact]
    public void Run_TenThousandShots_FitExactProbabilities()
    {
        var circuit = RotationCircuit(measureFirst: false);

        var counts = StateVectorSimulator.Run(circuit, 10_000, 2024).Counts;

        AssertFits(StateVectorSimulator.Probabilities(circuit), counts, 10_000);
    }

    [Fact]
    public void Run_SameSeed_IdenticalCounts()
    {
        var circuit = RotationCircuit(measureFirst: false);

        Assert.Equal(StateVectorSimulator.Run(circuit, 1000, 9).Counts, StateVectorSimulator.Run(circuit, 1000, 9).Counts);
    }

    [Fact]
    public void Run_DifferentSeeds_DifferentCounts()
    {
        var circuit = RotationCircuit(measureFirst: false);

        Assert.NotEqual(StateVectorSimulator.Run(circuit, 1000, 9).Counts, StateVectorSimulator.Run(circuit, 1000, 10).Counts);
    }

    [Fact]
    public void Run_PerShotWithSameSeed_IdenticalCounts()
    {
        var circuit = RotationCircuit(measureFirst: true);

        Assert.Equal(StateVectorSimulator.Run(circuit, 500, 3).Counts, StateVectorSimulator.Run(circuit, 500, 3).Counts);
        Assert.NotEqual(StateVectorSimulator.Run(circuit, 500, 3).Counts, StateVectorSimulator.Run(circuit, 500, 4).Counts);
    }

    [Theory]
    [InlineData(1, 3000)]
    [InlineData(2, 70_000)]
    public void Run_PerShotGroupedByOutcome_SameCountsAsShotByShot(int seed, int shots)
    {
        // Feed-forward, reset, if/else and a measurement inside a conditional: every kind of split.
        var circuit = new CircuitBuilder(3, 3)
            .Gate("h", 0).Gate("ry", [1.2], 1).Gate("cx", 0, 2)
            .Measure(0, 0).If(0, 1, 1, "h", 1).Reset(0).Gate("rx", [0.4], 0)
            .Measure(1, 1).If(1, 1, 0, "x", 2).Gate("h", 2)
            .Measure(2, 2).Measure(0, 0)
            .Build();
        var compiled = CircuitCompiler.Compile(circuit);

        var grouped = PerShotRun.Execute(compiled, shots, (ulong)seed, batched: true, CancellationToken.None);
        var alone = PerShotRun.Execute(compiled, shots, (ulong)seed, batched: false, CancellationToken.None);

        Assert.Equal(alone.OrderBy(c => c.Key, StringComparer.Ordinal), grouped.OrderBy(c => c.Key, StringComparer.Ordinal));
        Assert.Equal(shots, grouped.Values.Sum());
    }

    [Theory]
    [InlineData(1, 3000, 2)]
    [InlineData(2, 70_000, 1)]
    public void Run_PerShotOnTheEngine_DrawsWhatTheReferenceKernelsDraw(int seed, int shots, int threads)
    {
        // Every kind of split, then final measurements (one of them repeated) drawn from one marginal per group; the
        // engine decides each on the same draw, so only rounding in a probability could tell the two apart.
        var circuit = new CircuitBuilder(5, 5)
            .Gate("h", 0).Gate("ry", [1.2], 1).Gate("cx", 0, 2).Gate("rx", [0.7], 3).Gate("cx", 3, 4)
            .Measure(0, 0).If(0, 1, 1, "h", 1).Reset(0).Gate("rx", [0.4], 0)
            .Measure(1, 1).If(1, 1, 0, "x", 2).Gate("h", 2).Gate("ry", [2.1], 4).Gate("cx", 4, 1)
            .Measure(4, 4).Measure(2, 2).Measure(0, 0).Measure(3, 3).Measure(2, 1)
            .Build();
        var compiled = CircuitCompiler.Compile(circuit);

        var reference = PerShotRun.Execute(compiled, shots, (ulong)seed, batched: true, CancellationToken.None);
        var engine = PerShotRun.Execute(compiled, shots, (ulong)seed, SimulatorOptions.Default with { Threads = threads, BlockQubits = 3 }, CancellationToken.None, engineFromQubits: 1);

        var differing = reference.Keys.Union(engine.Keys).Sum(k => Math.Abs(reference.GetValueOrDefault(k) - engine.GetValueOrDefault(k)));
        Assert.True(differing <= 4, $"{differing} shots differ");
        Assert.Equal(shots, engine.Values.Sum());
    }

    [Theory]
    [InlineData(null)]
    [InlineData(4)]
    public void Run_SampledStraightFromTheState_FitsTheExactProbabilitiesForAnyThreadCount(int? block)
    {
        // Small blocks relabel the passes, so the state ends in a permuted layout that the sweep must undo.
        var circuit = Qxm.Simulation.Tests.StateVector.Engine.RandomCircuits.Create(3, 9, 60, measure: true);
        var options = new SimulatorOptions { DirectSamplingFromQubits = 1, BlockQubits = block };

        var one = StateVectorSimulator.Run(circuit, 200_000, 17, options with { Threads = 1 });
        var two = StateVectorSimulator.Run(circuit, 200_000, 17, options with { Threads = 2 });

        Assert.Equal(one.Counts.OrderBy(c => c.Key, StringComparer.Ordinal), two.Counts.OrderBy(c => c.Key, StringComparer.Ordinal));
        Assert.Equal(200_000, one.Counts.Values.Sum());
        AssertFits(StateVectorSimulator.Probabilities(circuit), one.Counts, 200_000);
    }

    [Fact]
    public void Run_NothingMeasured_EveryShotReadsTheInitialRegister()
    {
        var circuit = new CircuitBuilder(3, 2).Gate("h", 0).Gate("cx", 0, 1).Build();

        var outcome = StateVectorSimulator.Run(circuit, 500, 1);

        Assert.Equal(new Dictionary<string, long> { ["00"] = 500 }, outcome.Counts);
    }

    [Fact]
    public void Run_ShotsSampledInParallelChunks_SameCountsForOneAndTwoThreads()
    {
        var circuit = RotationCircuit(measureFirst: false);

        var one = StateVectorSimulator.Run(circuit, 2_500_000, 13, SimulatorOptions.Default with { Threads = 1 });
        var two = StateVectorSimulator.Run(circuit, 2_500_000, 13, SimulatorOptions.Default with { Threads = 2 });

        Assert.Equal(one.Counts.OrderBy(c => c.Key, StringComparer.Ordinal), two.Counts.OrderBy(c => c.Key, StringComparer.Ordinal));
        Assert.Equal(2_500_000, two.Counts.Values.Sum());
        Assert.Equal(("statevector", 2), (two.Provenance!.Method, two.Provenance.Threads));
        AssertFits(StateVectorSimulator.Probabilities(circuit), two.Counts, 2_500_000);
    }

    [Fact]
    public void Run_PerShotBranching_FitsTheSameDistributionAsSampling()
    {
        // A mid-circuit measurement of a qubit nothing else touches changes nothing but forces per-shot simulation.
        var exact = StateVectorSimulator.Probabilities(RotationCircuit(measureFirst: false));

        var counts = StateVectorSimulator.Run(RotationCircuit(measureFirst: true), 10_000, 77).Counts;

        AssertFits(exact, counts, 10_000);
    }

    [Fact]
    public void Run_ResetAfterX_MeasuresZero()
    {
        var circuit = new CircuitBuilder(1, 1).Gate("x", 0).Reset(0).Measure(0, 0).Build();

        Assert.Equal(new Dictionary<string, long> { ["0"] = 200 }, StateVectorSimulator.Run(circuit, 200, 5).Counts);
    }

    [Fact]
    public void Run_ResetOfSuperposition_MeasuresZeroAndKeepsEntangledPartnerRandom()
    {
        var circuit = new CircuitBuilder(2, 2).Gate("h", 0).Gate("cx", 0, 1).Reset(0).MeasureAll().Build();

        var counts = StateVectorSimulator.Run(circuit, 4000, 6).Counts;

        Assert.Equal(["00", "10"], counts.Keys.Order(StringComparer.Ordinal));
        AssertFits(new Dictionary<string, double> { ["00"] = 0.5, ["10"] = 0.5 }, counts, 4000);
    }

    [Fact]
    public void Run_ConditionalOnMeasuredBit_FlipsExactlyWhenItWasOne()
    {
        var circuit = new CircuitBuilder(2, 2)
            .Gate("h", 0).Measure(0, 0)
            .If(0, 2, 1, "x", 1)
            .Measure(1, 1)
            .Build();

        var counts = StateVectorSimulator.Run(circuit, 4000, 8).Counts;

        Assert.Equal(["00", "11"], counts.Keys.Order(StringComparer.Ordinal));
        AssertFits(new Dictionary<string, double> { ["00"] = 0.5, ["11"] = 0.5 }, counts, 4000);
    }

    [Fact]
    public void Run_ConditionalValueWiderThanRegister_NeverFires()
    {
        var circuit = new CircuitBuilder(1, 1).If(0, 1, 2, "x", 0).Measure(0, 0).Build();

        Assert.Equal(new Dictionary<string, long> { ["0"] = 20 }, StateVectorSimulator.Run(circuit, 20, 1).Counts);
    }

    [Fact]
    public void Run_MidCircuitMeasurement_CollapsesTheState()
    {
        var circuit = new CircuitBuilder(2, 2).Gate("h", 0).Measure(0, 0).Gate("cx", 0, 1).Measure(1, 1).Build();

        var counts = StateVectorSimulator.Run(circuit, 2000, 12).Counts;

        Assert.Equal(["00", "11"], counts.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Run_MeasureThenHadamardAgain_GivesIndependentUniformBits()
    {
        var circuit = new CircuitBuilder(1, 2).Gate("h", 0).Measure(0, 0).Gate("h", 0).Measure(0, 1).Build();

        var counts = StateVectorSimulator.Run(circuit, 8000, 13).Counts;

        var uniform = new[] { "00", "01", "10", "11" }.ToDictionary(k => k, _ => 0.25);
        AssertFits(uniform, counts, 8000);
    }

    [Fact]
    public void Run_Cancelled_Throws()
    {
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();
        var circuit = new CircuitBuilder(1, 1).Gate("h", 0).Measure(0, 0).Build();

        Assert.ThrowsAny<OperationCanceledException>(() => StateVectorSimulator.Run(circuit, 10, 1, cancellation.Token));
    }

    [Fact]
    public void Run_PerShotCancelled_Throws()
    {
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();
        var circuit = new CircuitBuilder(1, 1).Measure(0, 0).Gate("x", 0).Measure(0, 0).Build();

        Assert.ThrowsAny<OperationCanceledException>(() => StateVectorSimulator.Run(circuit, 10, 1, cancellation.Token));
    }

    [Fact]
    public void Run_UnboundParameter_ThrowsQxmException()
    {
        var gate = new GateOperation("rx", [0], [new InputExpr("theta")], new SourceSpan(3, 1));
        var circuit = new CircuitBuilder(1).Add(gate).Build();

        var error = Assert.Throws<QxmException>(() => StateVectorSimulator.Run(circuit, 1, 1));
        Assert.Contains("theta", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_QubitOutOfRange_ThrowsQxmException()
    {
        var circuit = new CircuitBuilder(2).Gate("cx", 0, 2).Build();

        Assert.Throws<QxmException>(() => StateVectorSimulator.Run(circuit, 1, 1));
    }

    [Fact]
    public void Run_StateTooLarge_ThrowsQxmExceptionWithGuardMessage()
    {
        var circuit = new CircuitBuilder(MemoryGuard.MaxQubits + 1).Build();

        var error = Assert.Throws<QxmException>(() => StateVectorSimulator.Run(circuit, 1, 1));
        Assert.Contains("31-qubit", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FinalState_MidCircuitMeasurement_ThrowsQxmException()
    {
        var circuit = new CircuitBuilder(1, 1).Measure(0, 0).Gate("x", 0).Build();

        Assert.Throws<QxmException>(() => StateVectorSimulator.FinalState(circuit));
        Assert.Throws<QxmException>(() => StateVectorSimulator.Probabilities(circuit));
    }

    [Fact]
    public void FinalState_BarriersAndFinalMeasurements_AreIgnored()
    {
        var circuit = new CircuitBuilder(1, 1).Gate("x", 0).Barrier(0).Measure(0, 0).Build();

        MatrixAssert.Equal([0, 1], StateVectorSimulator.FinalState(circuit));
    }

    private static readonly (string Name, int Qubits, int Parameters)[] InvertibleGates =
    [
        ("h", 1, 0), ("x", 1, 0), ("y", 1, 0), ("z", 1, 0), ("s", 1, 0), ("sdg", 1, 0), ("t", 1, 0), ("tdg", 1, 0),
        ("sx", 1, 0), ("sxdg", 1, 0), ("rx", 1, 1), ("ry", 1, 1), ("rz", 1, 1), ("p", 1, 1), ("u3", 1, 3),
        ("cx", 2, 0), ("cy", 2, 0), ("cz", 2, 0), ("ch", 2, 0), ("swap", 2, 0), ("crx", 2, 1), ("cry", 2, 1),
        ("crz", 2, 1), ("cp", 2, 1), ("cu3", 2, 3), ("rxx", 2, 1), ("rzz", 2, 1), ("ccx", 3, 0), ("cswap", 3, 0),
        ("c3x", 4, 0), ("c4x", 5, 0),
    ];

    private static GateOperation Inverse(GateOperation gate)
    {
        var p = gate.Parameters.Select(e => e.Value).ToArray();
        var (name, parameters) = gate.Name switch
        {
            "s" => ("sdg", p),
            "sdg" => ("s", p),
            "t" => ("tdg", p),
            "tdg" => ("t", p),
            "sx" => ("sxdg", p),
            "sxdg" => ("sx", p),
            "u3" or "cu3" => (gate.Name, new[] { -p[0], -p[2], -p[1] }),
            _ => (gate.Name, p.Select(v => -v).ToArray()),
        };
        return CircuitBuilder.NewGate(name, parameters, [.. gate.Qubits]);
    }

    /// <summary>Three entangled qubits with uneven outcome probabilities; optionally a fourth qubit measured
    /// first, which forces per-shot simulation without changing the other qubits' statistics.</summary>
    private static Circuit RotationCircuit(bool measureFirst)
    {
        var builder = new CircuitBuilder(4, 3);
        if (measureFirst)
        {
            builder.Gate("h", 3).Measure(3, 0);
        }

        return builder
            .Gate("ry", [1.1], 0).Gate("rx", [0.7], 1).Gate("cx", 0, 2).Gate("u3", [2.1, 0.4, -0.3], 2)
            .Gate("cry", [0.9], 2, 1)
            .Measure(0, 0).Measure(1, 1).Measure(2, 2)
            .Build();
    }

    /// <summary>Pearson's chi-square test at the 0.1% level: a correct sampler fails it once in a thousand seeds,
    /// and the seeds here are fixed, so the outcome is deterministic.</summary>
    private static void AssertFits(IReadOnlyDictionary<string, double> probabilities, IReadOnlyDictionary<string, long> counts, long shots)
    {
        Assert.Equal(shots, counts.Values.Sum());
        Assert.All(counts.Keys, k => Assert.True(probabilities.ContainsKey(k), $"impossible outcome {k}"));
        var statistic = probabilities.Sum(p =>
        {
            var expected = p.Value * shots;
            var observed = counts.GetValueOrDefault(p.Key);
            return (observed - expected) * (observed - expected) / expected;
        });
        var df = probabilities.Count - 1;
        // Wilson-Hilferty approximation of the chi-square 0.999 quantile.
        var a = 2.0 / (9 * df);
        var critical = df * Math.Pow(1 - a + (3.09 * Math.Sqrt(a)), 3);
        Assert.True(statistic < critical, $"chi-square {statistic:F2} exceeds {critical:F2} (df {df})");
    }
}
