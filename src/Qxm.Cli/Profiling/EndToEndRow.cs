namespace Qxm.Cli.Profiling;

/// <summary>One circuit's whole-process figures beside the engine-only time of the same circuit (seconds).</summary>
internal sealed record EndToEndRow(string Circuit, int Qubits, double EngineSeconds, IReadOnlyDictionary<string, double> Phases);
