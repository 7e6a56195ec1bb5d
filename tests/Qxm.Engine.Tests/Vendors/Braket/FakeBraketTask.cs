namespace Qxm.Engine.Tests.Vendors.Braket;

/// <summary>A quantum task as the fake Braket keeps it: its outcome drawn when it was made (every shot's bits over the
/// measured qubits), its state derived from its age on the test's clock.</summary>
internal sealed record FakeBraketTask(
    string Arn, string Id, string ClientToken, string Device, int Shots, string Source, IReadOnlyDictionary<string, string> Tags,
    IReadOnlyList<int> MeasuredQubits, IReadOnlyList<int[]> Measurements, DateTimeOffset Created, long Sequence)
{
    public bool Cancelled { get; init; }

    /// <summary>The outcome Braket gives this task instead of running it (a failure reason); null to run it.</summary>
    public string? FailureReason { get; init; }
}
