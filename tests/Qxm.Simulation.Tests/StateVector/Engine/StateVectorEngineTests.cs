using System.Numerics;
using Qxm.Simulation.StateVector;
using Qxm.Simulation.StateVector.Engine;

namespace Qxm.Simulation.Tests.StateVector.Engine;

/// <summary>Every optimisation of the engine against the simple reference kernels, on random circuits. Small block
/// sizes force many passes, gathers, outer controls and relabelled swaps even on a few qubits.</summary>
public class StateVectorEngineTests
{
    public static TheoryData<int, int, int?, bool, bool, int> Configurations()
    {
        var data = new TheoryData<int, int, int?, bool, bool, int>();
        var seed = 0;
        foreach (var qubits in new[] { 1, 2, 3, 5, 8, 11 })
        {
            foreach (var block in new int?[] { null, 4, 6 })
            {
                foreach (var fusion in new[] { true, false })
                {
                    foreach (var simd in new[] { true, false })
                    {
                        foreach (var threads in new[] { 1, 2 })
                        {
                            data.Add(qubits, seed++, block, fusion, simd, threads);
                        }
                    }
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Configurations))]
    public void FinalState_RandomCircuit_MatchesReferenceKernelsInDouble(int qubits, int seed, int? block, bool fusion, bool simd, int threads)
    {
        var circuit = RandomCircuits.Create(seed, qubits, 60);
        var options = new SimulatorOptions { BlockQubits = block, Fusion = fusion, Simd = simd, Threads = threads };

        AssertClose(StateVectorSimulator.ReferenceFinalState(circuit), StateVectorSimulator.FinalState(circuit, options), 1e-10);
    }

    /// <summary>Generated tile kernels (the default with SIMD) and per-operation sweeps, each against the reference,
    /// in both precisions, with small blocks that force outer controls (per-block enabled ops in a group).</summary>
    [Theory]
    [InlineData(5, null, true, 1)]
    [InlineData(8, 4, true, 2)]
    [InlineData(8, null, false, 1)]
    [InlineData(11, 6, true, 2)]
    [InlineData(11, 6, false, 2)]
    [InlineData(13, 8, true, 1)]
    public void FinalState_TilesOnAndOff_MatchReference(int qubits, int? block, bool tiles, int threads)
    {
        var circuit = RandomCircuits.Create(500 + qubits + (block ?? 0), qubits, 120);
        var options = new SimulatorOptions { BlockQubits = block, Tiles = tiles, Threads = threads };
        var reference = StateVectorSimulator.ReferenceFinalState(circuit);

        AssertClose(reference, StateVectorSimulator.FinalState(circuit, options), 1e-10);
        AssertClose(reference, StateVectorSimulator.FinalState(circuit, options with { Precision = SimulationPrecision.Single }), 2e-5);
    }

    /// <summary>Narrower tiles than the registers allow (noise trajectories take 2 register bits) against the reference.</summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void FinalState_NarrowerTiles_MatchReference(int tileBits)
    {
        var circuit = RandomCircuits.Create(700 + tileBits, 12, 150);
        var options = new SimulatorOptions { BlockQubits = 8, TileBits = tileBits, Threads = 2 };

        AssertClose(StateVectorSimulator.ReferenceFinalState(circuit), StateVectorSimulator.FinalState(circuit, options), 1e-10);
    }

    /// <summary>Controlled gates whose controls and target span more register bits than a tile holds run on their own
    /// with the sweep kernels, between the groups around them.</summary>
    [Fact]
    public void FinalState_ControlsWiderThanATile_FallBackAndMatchReference()
    {
        var builder = new CircuitBuilder(10);
        for (var q = 0; q < 10; q++)
        {
            builder.Gate("h", q);
        }

        builder.Gate("c3x", 9, 3, 4, 6).Gate("ry", [0.4], 6).Gate("c3x", 8, 5, 7, 4).Gate("rx", [1.3], 0).Gate("c4x", 9, 8, 7, 6, 5);
        builder.Gate("cu1", [0.7], 3, 9).Gate("rc3x", 9, 4, 7, 3);
        var circuit = builder.Build();

        AssertClose(StateVectorSimulator.ReferenceFinalState(circuit), StateVectorSimulator.FinalState(circuit, new SimulatorOptions { Threads = 2 }), 1e-12);
    }

    [Theory]
    [InlineData(3, 4)]
    [InlineData(9, null)]
    [InlineData(12, 5)]
    [InlineData(14, 8)]
    public void FinalState_RandomCircuitInSinglePrecision_MatchesReferenceWithinSingleTolerance(int qubits, int? block)
    {
        var circuit = RandomCircuits.Create(100 + qubits, qubits, 80);
        var options = new SimulatorOptions { Precision = SimulationPrecision.Single, BlockQubits = block, Threads = 2 };

        AssertClose(StateVectorSimulator.ReferenceFinalState(circuit), StateVectorSimulator.FinalState(circuit, options), 2e-5);
    }

    /// <summary>The benchmark's shape (rx/ry/rz layers, cx bricks): rotations lose their cosine to a per-pass scalar
    /// and rz becomes a phase on half a block, on lane and register bits, with angles at the edges where the divided
    /// entries reach 1 (θ = ±π/2), the cosine vanishes (θ = π, not normalised) or the rotation is the identity.</summary>
    [Theory]
    [InlineData(12, null, true, 1, false)]
    [InlineData(12, null, true, 2, false)]
    [InlineData(12, 6, true, 2, false)]
    [InlineData(12, 6, false, 2, false)]
    [InlineData(12, 6, true, 2, true)]
    [InlineData(10, 4, true, 1, false)]
    [InlineData(9, null, false, 1, false)]
    public void FinalState_LayeredRotations_MatchesReferenceWithNormalisedSweeps(int qubits, int? block, bool simd, int threads, bool unfused)
    {
        var rng = new Random(qubits * 31 + (block ?? 0));
        double[] edges = [Math.PI / 2, -Math.PI / 2, Math.PI, -Math.PI, 0, 3 * Math.PI / 2, 1e-9, Math.PI - 1e-9];
        var builder = new CircuitBuilder(qubits);
        for (var layer = 0; layer < 8; layer++)
        {
            for (var q = 0; q < qubits; q++)
            {
                var angle = rng.Next(3) == 0 ? edges[rng.Next(edges.Length)] : (rng.NextDouble() * 4 * Math.PI) - (2 * Math.PI);
                builder.Gate(new[] { "rx", "ry", "rz" }[rng.Next(3)], [angle], q);
            }

            for (var q = layer % 2; q + 1 < qubits; q += 2)
            {
                builder.Gate("cx", q, q + 1);
            }
        }

        var circuit = builder.Build();
        var options = new SimulatorOptions { BlockQubits = block, Simd = simd, Threads = threads, Fusion = !unfused };

        AssertClose(StateVectorSimulator.ReferenceFinalState(circuit), StateVectorSimulator.FinalState(circuit, options), 1e-10);
        var single = StateVectorSimulator.FinalState(circuit, options with { Precision = SimulationPrecision.Single });
        AssertClose(StateVectorSimulator.ReferenceFinalState(circuit), single, 2e-5);
    }

    /// <summary>Passes that end by swapping the next pass's qubits into the lanes and gather runs: lane-register swaps,
    /// register-register swaps, and (blocks too small for runs of a whole register) lane-lane swaps; with tiles, with
    /// sweeps (swaps still in tile kernels) and without vectors (one amplitude at a time).</summary>
    [Theory]
    [InlineData(14, 9, true, true, 2)]
    [InlineData(14, 8, true, true, 1)]
    [InlineData(13, 6, true, true, 2)]
    [InlineData(12, 5, true, true, 1)]
    [InlineData(14, 9, false, true, 2)]
    [InlineData(14, 9, true, false, 2)]
    public void FinalState_PassesEndingInRelabelling_MatchReference(int qubits, int block, bool tiles, bool simd, int threads)
    {
        var circuit = PassPlannerTests.BrickCircuit(qubits, layers: 10, seed: qubits + block);
        var options = new SimulatorOptions { BlockQubits = block, Tiles = tiles, Simd = simd, Threads = threads };
        var reference = StateVectorSimulator.ReferenceFinalState(circuit);

        AssertClose(reference, StateVectorSimulator.FinalState(circuit, options), 1e-10);
        AssertClose(reference, StateVectorSimulator.FinalState(circuit, options with { Precision = SimulationPrecision.Single }), 2e-5);
    }

    [Fact]
    public void FinalState_OnlySwapsAndPhases_MatchesReferenceAfterRelabelling()
    {
        var builder = new CircuitBuilder(7).Gate("h", 0).Gate("h", 6).Gate("swap", 0, 6).Gate("swap", 1, 6);
        builder.Gate("cu1", [0.3], 6, 2).Gate("swap", 2, 5).Gate("t", 5).Gate("rz", [1.1], 1);

        var circuit = builder.Build();

        AssertClose(
            StateVectorSimulator.ReferenceFinalState(circuit),
            StateVectorSimulator.FinalState(circuit, new SimulatorOptions { BlockQubits = 4 }),
            1e-12);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(4)]
    public void Run_SameSeed_SameCountsForOneAndTwoThreads(int? block)
    {
        var circuit = RandomCircuits.Create(7, 10, 50, measure: true);

        var one = StateVectorSimulator.Run(circuit, 5000, 42, new SimulatorOptions { Threads = 1, BlockQubits = block });
        var two = StateVectorSimulator.Run(circuit, 5000, 42, new SimulatorOptions { Threads = 2, BlockQubits = block });

        Assert.Equal(one.Counts.OrderBy(c => c.Key), two.Counts.OrderBy(c => c.Key));
    }

    [Fact]
    public void Probabilities_PermutedLayout_MatchReferenceMarginals()
    {
        var circuit = new CircuitBuilder(6, 3).Gate("h", 0).Gate("ry", [0.7], 3).Gate("swap", 0, 5).Gate("cx", 5, 2)
            .Gate("swap", 3, 1).Measure(5, 0).Measure(1, 2).Measure(2, 1).Build();

        var probabilities = StateVectorSimulator.Probabilities(circuit, new SimulatorOptions { BlockQubits = 4, Threads = 2 });
        var reference = StateVectorSimulator.ReferenceFinalState(circuit);

        // Outcome strings put clbit 0 rightmost: clbits 2, 1, 0 are qubits 1, 2, 5.
        var expected = Marginals(reference, [1, 2, 5]);
        foreach (var (key, p) in probabilities)
        {
            Assert.Equal(expected.GetValueOrDefault(key), p, 12);
        }

        Assert.Equal(1.0, probabilities.Values.Sum(), 12);
    }

    /// <summary>Marginals over a relabelled, swapped layout with more qubits than a piece of the permuted accumulation
    /// covers (6 index bits each side): all qubits, and a scattered subset in a scrambled clbit order.</summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Probabilities_RelabelledLayout_MatchReferenceMarginals(bool all)
    {
        const int qubits = 15;
        int[] measured = all ? [.. Enumerable.Range(0, qubits)] : [13, 2, 7, 0, 9, 11, 5, 14];
        var builder = new CircuitBuilder(qubits, measured.Length);
        foreach (var op in PassPlannerTests.BrickCircuit(qubits, layers: 8, seed: 11).Operations)
        {
            builder.Add(op);
        }

        builder.Gate("swap", 0, 14).Gate("swap", 3, 9);
        for (var c = 0; c < measured.Length; c++)
        {
            builder.Measure(measured[c], measured.Length - 1 - c);
        }

        var circuit = builder.Build();
        var probabilities = StateVectorSimulator.Probabilities(circuit, new SimulatorOptions { BlockQubits = 9, Threads = 2 });
        // Qubit measured[c] goes to clbit n - 1 - c, and outcome strings put clbit 0 rightmost: character c.
        var expected = Marginals(StateVectorSimulator.ReferenceFinalState(circuit), measured);

        foreach (var (key, p) in expected.Where(e => e.Value > 1e-14))
        {
            Assert.Equal(p, probabilities.GetValueOrDefault(key), 12);
        }

        Assert.Equal(1.0, probabilities.Values.Sum(), 12);
    }

    /// <summary>Large states reuse the previous run's memory without zeroing it: the first pass (or, with no pass at
    /// all, an explicit write) must produce |0…0⟩ whatever the memory held.</summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void FinalState_MemoryOfAPreviousRun_StartsFromBasisZero(bool tiles)
    {
        const int qubits = 21;
        var options = new SimulatorOptions { Threads = 2, Tiles = tiles };
        var spread = new CircuitBuilder(qubits);
        for (var q = 0; q < qubits; q++)
        {
            spread.Gate("h", q).Gate("rz", [0.3 * q], q);
        }

        Assert.NotEqual(0, StateVectorSimulator.FinalState(spread.Build(), options)[12345].Magnitude);

        var flipped = StateVectorSimulator.FinalState(new CircuitBuilder(qubits).Gate("x", 3).Gate("cx", 3, 20).Build(), options);
        Assert.Equal(1.0, flipped[8 | (1 << 20)].Real, 15);
        Assert.Equal(1.0, flipped.Sum(a => a.Magnitude * a.Magnitude), 12);

        StateVectorSimulator.FinalState(spread.Build(), options);
        var swapsOnly = StateVectorSimulator.FinalState(new CircuitBuilder(qubits).Gate("swap", 0, 1).Build(), options);
        Assert.Equal(1.0, swapsOnly[0].Real, 15);
        Assert.Equal(1.0, swapsOnly.Sum(a => a.Magnitude * a.Magnitude), 12);
    }

    /// <summary>Qubits that no gate has mixed yet are still |0⟩, so blocks where one of them is 1 hold zeros: the first
    /// pass writes them without computing (or leaves fresh memory as it is), later passes skip them. The run before leaves the reused memory dirty, so a
    /// block wrongly skipped or left unwritten shows.</summary>
    [Theory]
    [InlineData(true, 8)]
    [InlineData(false, 8)]
    [InlineData(true, null)]
    public void FinalState_QubitsJoiningLate_ZeroBlocksMatchReference(bool tiles, int? block)
    {
        const int qubits = 21;
        var options = new SimulatorOptions { Threads = 2, Tiles = tiles, BlockQubits = block };
        var dirty = new CircuitBuilder(qubits);
        for (var q = 0; q < qubits; q++)
        {
            dirty.Gate("h", q).Gate("rz", [0.1 * q], q);
        }

        StateVectorSimulator.FinalState(dirty.Build(), options);

        // Qubits join one brick layer at a time from the bottom, and the top ones only through controls and phases
        // until the end, so early passes have zero blocks; a swap moves an untouched qubit before it joins.
        var late = new CircuitBuilder(qubits).Gate("h", 0).Gate("swap", 20, 3);
        for (var layer = 0; layer < 12; layer++)
        {
            for (var q = 0; q <= Math.Min(layer + 1, qubits - 1); q++)
            {
                late.Gate(new[] { "rx", "ry", "rz" }[(q + layer) % 3], [0.3 + (0.1 * q) + layer], q);
            }

            for (var q = layer % 2; q + 1 <= Math.Min(layer + 1, qubits - 1); q += 2)
            {
                late.Gate("cx", q, q + 1);
            }

            late.Gate("cu1", [0.4], 19 - (layer % 3), layer % 5).Gate("cx", 18, layer % 7);
        }

        late.Gate("h", 19).Gate("cx", 19, 17).Gate("ry", [0.9], 20);
        var circuit = late.Build();

        var reference = StateVectorSimulator.ReferenceFinalState(circuit);
        AssertClose(reference, StateVectorSimulator.FinalState(circuit, options), 1e-10);

        // Fresh memory from the system holds zeros, and the first pass leaves its zero blocks as they are.
        StateMemoryPool.Release();
        AssertClose(reference, StateVectorSimulator.FinalState(circuit, options), 1e-10);
    }

    [Fact]
    public void Options_OutOfBounds_AreRefusedBeforeAnyWork()
    {
        var circuit = new CircuitBuilder(2).Gate("h", 0).Build();

        Assert.Throws<ArgumentOutOfRangeException>(() => StateVectorSimulator.FinalState(circuit, new SimulatorOptions { Threads = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => StateVectorSimulator.FinalState(circuit, new SimulatorOptions { BlockQubits = 3 }));
    }

    /// <summary>The probability of each outcome string whose character c is the value of qubit
    /// <paramref name="qubitOfCharacter"/>[c], summed from a reference state.</summary>
    private static Dictionary<string, double> Marginals(Complex[] reference, int[] qubitOfCharacter)
    {
        var marginals = new Dictionary<string, double>();
        for (var i = 0; i < reference.Length; i++)
        {
            var key = new string([.. qubitOfCharacter.Select(q => ((i >> q) & 1) == 1 ? '1' : '0')]);
            marginals[key] = marginals.GetValueOrDefault(key) + (reference[i].Magnitude * reference[i].Magnitude);
        }

        return marginals;
    }

    private static void AssertClose(Complex[] expected, Complex[] actual, double tolerance)
    {
        Assert.Equal(expected.Length, actual.Length);
        var worst = 0.0;
        var at = 0;
        for (var i = 0; i < expected.Length; i++)
        {
            var error = Complex.Abs(expected[i] - actual[i]);
            if (error > worst)
            {
                (worst, at) = (error, i);
            }
        }

        Assert.True(worst <= tolerance, $"amplitude {at}: expected {expected[at]}, got {actual[at]} (error {worst:E2})");
    }
}
