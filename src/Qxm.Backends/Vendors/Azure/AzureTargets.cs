namespace Qxm.Backends.Vendors.Azure;

/// <summary>The Azure Quantum provider targets qxm has an input format for, for checking <c>backends.yaml</c>.</summary>
public static class AzureTargets
{
    public static IReadOnlyList<string> Known { get; } =
    [
        "ionq.simulator", "ionq.qpu.aria-1", "ionq.qpu.aria-2", "ionq.qpu.forte-1",
        "quantinuum.sim.h1-1sc", "quantinuum.sim.h1-1e", "quantinuum.qpu.h1-1",
        "quantinuum.sim.h2-1sc", "quantinuum.sim.h2-2sc", "quantinuum.sim.h2-1e", "quantinuum.sim.h2-2e", "quantinuum.qpu.h2-1", "quantinuum.qpu.h2-2",
    ];

    public static bool IsKnown(string device) => AzureTarget.Of(device) is not null;
}
