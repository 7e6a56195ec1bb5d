using Qxm.Domain.Errors;
using Qxm.Simulation.Noise;

namespace Qxm.Simulation.Tests.Noise;

public class NoiseModelTests
{
    private static readonly QubitCalibration Good = new(50e-6, 60e-6, 0.01, 0.02);

    [Fact]
    public void FromCalibration_Default_BuildsAndFingerprintsStably()
    {
        var a = NoiseModel.FromCalibration(NoiseCalibration.Default(5));
        var b = NoiseModel.FromCalibration(NoiseCalibration.Default(5));
        var c = NoiseModel.FromCalibration(NoiseCalibration.Default(6));

        Assert.Equal(5, a.QubitCount);
        Assert.Equal(a.Fingerprint, b.Fingerprint);
        Assert.NotEqual(a.Fingerprint, c.Fingerprint);
        Assert.Equal(64, a.Fingerprint.Length);
    }

    [Theory]
    [InlineData(-1e-6, 1e-6, 0.0, 0.0, "qubit 0: T1 = -1E-06 s must be positive")]
    [InlineData(1e-6, -1e-6, 0.0, 0.0, "qubit 0: T2 = -1E-06 s must be positive")]
    [InlineData(0.0, 1e-6, 0.0, 0.0, "qubit 0: T1 = 0 s must be positive")]
    [InlineData(double.NaN, 1e-6, 0.0, 0.0, "qubit 0: T1 = NaN s must be positive")]
    [InlineData(10e-6, 25e-6, 0.0, 0.0, "qubit 0: T2 = 2.5E-05 s exceeds 2·T1 = 2E-05 s")]
    [InlineData(10e-6, 10e-6, 1.5, 0.0, "qubit 0: readout error P(1|0) = 1.5 is not a probability in [0, 1]")]
    [InlineData(10e-6, 10e-6, 0.0, -0.1, "qubit 0: readout error P(0|1) = -0.1 is not a probability in [0, 1]")]
    [InlineData(10e-6, 10e-6, 0.0, double.NaN, "P(0|1) = NaN is not a probability")]
    public void FromCalibration_BadQubit_RefusedNamingTheQubitAndTheRule(double t1, double t2, double read10, double read01, string message)
    {
        var calibration = new NoiseCalibration([Good, new QubitCalibration(t1, t2, read10, read01)], [], new GateNoise(0, 0), new GateNoise(0, 0));

        var error = Assert.Throws<QxmException>(() => NoiseModel.FromCalibration(calibration));

        Assert.Contains(message.Replace("qubit 0", "qubit 1", StringComparison.Ordinal), error.Message, StringComparison.Ordinal);
        Assert.StartsWith("invalid noise calibration: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromCalibration_BadGates_ListsEveryProblem()
    {
        var calibration = new NoiseCalibration(
            [Good, Good],
            [new GateCalibration("cx", [0, 2], new GateNoise(0.01, 1e-7)), new GateCalibration("sx", null, new GateNoise(1.2, 1e-8))],
            new GateNoise(0.001, -1),
            new GateNoise(-0.5, 1e-7));

        var error = Assert.Throws<QxmException>(() => NoiseModel.FromCalibration(calibration));

        Assert.Contains("gate cx on [0, 2]: operands must be among the 2 calibrated qubits", error.Message, StringComparison.Ordinal);
        Assert.Contains("gate sx: error rate = 1.2 is not a probability", error.Message, StringComparison.Ordinal);
        Assert.Contains("default one-qubit gate: duration -1 s must be finite and not negative", error.Message, StringComparison.Ordinal);
        Assert.Contains("default multi-qubit gate: error rate = -0.5", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ChannelsAfter_GateErrorAboveRelaxation_DepolarizesOnlyTheRest()
    {
        var noise = NoiseModel.FromCalibration(new NoiseCalibration([Good], [], new GateNoise(0.01, 1e-7), new GateNoise(0, 0)));

        var channels = noise.ChannelsAfter("sx", [0]);

        var relaxation = Assert.IsType<RelaxationChannel>(channels[0]);
        Assert.Equal(1 - Math.Exp(-1e-7 / 50e-6), relaxation.Gamma, 15);
        Assert.Equal(Math.Exp(-1e-7 / 60e-6), relaxation.CoherenceFactor, 15);
        var depolarizing = Assert.IsType<DepolarizingChannel>(channels[1]);

        // Relaxation's own infidelity (about 1.5e-3 here) is not counted twice: λ falls short of 2·0.01.
        var relaxationInfidelity = (1 - ((1 + (2 * Math.Exp(-1e-7 / 60e-6)) + Math.Exp(-1e-7 / 50e-6)) / 4)) * 2 / 3;
        Assert.InRange(depolarizing.Lambda, 2 * (0.01 - relaxationInfidelity) * 0.99, 2 * (0.01 - relaxationInfidelity) * 1.01);
    }

    [Fact]
    public void ChannelsAfter_RelaxationAboveGateError_NoDepolarizing()
    {
        var noise = NoiseModel.FromCalibration(new NoiseCalibration([Good], [], new GateNoise(1e-4, 1e-6), new GateNoise(0, 0)));

        Assert.Single(noise.ChannelsAfter("x", [0]));
    }

    [Fact]
    public void ChannelsAfter_NamedOperandsBeforeNameBeforeArityDefault()
    {
        var noise = NoiseModel.FromCalibration(new NoiseCalibration(
            [new QubitCalibration(double.PositiveInfinity, double.PositiveInfinity, 0, 0), new QubitCalibration(double.PositiveInfinity, double.PositiveInfinity, 0, 0)],
            [new GateCalibration("cx", [1, 0], new GateNoise(0.3, 0)), new GateCalibration("cx", null, new GateNoise(0.15, 0))],
            new GateNoise(0, 0),
            new GateNoise(0.075, 0)));

        Assert.Equal(0.4, Lambda(noise.ChannelsAfter("cx", [1, 0])), 12);
        Assert.Equal(0.2, Lambda(noise.ChannelsAfter("cx", [0, 1])), 12);
        Assert.Equal(0.1, Lambda(noise.ChannelsAfter("cz", [0, 1])), 12);
        Assert.Empty(noise.ChannelsAfter("h", [0]));
    }

    private static double Lambda(NoiseChannel[] channels) => Assert.IsType<DepolarizingChannel>(Assert.Single(channels)).Lambda;
}
