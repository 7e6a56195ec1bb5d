using Qxm.Circuits.Ir;
using Qxm.Domain.Backends;
using Qxm.Domain.Errors;
using Qxm.Domain.Experiments;

namespace Qxm.Engine.Matching;

/// <summary>Decides which backends can take an experiment: its stated requirements first, then whether its circuit
/// validates on the backend's target (given as a function, so the caller decides how a circuit is checked).</summary>
public static class BackendMatcher
{
    /// <summary>Above this many qubits a search for a line in the coupling map is cut short and the backend counted as linear-capable
    /// only if it is all-to-all: the devices qxm models are far smaller.</summary>
    private const int MaxPathSearch = 200_000;

    public static IReadOnlyList<BackendCandidate> Evaluate(
        BackendRequirements? requirements,
        Circuit? circuit,
        IEnumerable<BackendInfo> backends,
        Func<BackendInfo, IReadOnlyList<Diagnostic>> validate)
    {
        ArgumentNullException.ThrowIfNull(backends);
        ArgumentNullException.ThrowIfNull(validate);
        return [.. backends.Select(b => new BackendCandidate(b, Exclusions(requirements, circuit, b, validate)))];
    }

    /// <summary>Why <paramref name="backend"/> cannot take the experiment; empty when it can.</summary>
    public static IReadOnlyList<string> Exclusions(
        BackendRequirements? requirements, Circuit? circuit, BackendInfo backend, Func<BackendInfo, IReadOnlyList<Diagnostic>> validate)
    {
        ArgumentNullException.ThrowIfNull(backend);
        ArgumentNullException.ThrowIfNull(validate);
        var reasons = new List<string>();
        var target = backend.Target;
        if (backend.Status != BackendStatus.Online)
        {
            reasons.Add($"it is {backend.Status.ToString().ToLowerInvariant()}");
        }

        if (requirements is not null)
        {
            if (requirements.MinQubits is { } min && target.Qubits < min)
            {
                reasons.Add($"it has {target.Qubits} qubits, fewer than the {min} required");
            }

            var missing = (requirements.NativeGates ?? []).Where(g => !target.IsNative(g)).ToList();
            if (missing.Count > 0)
            {
                reasons.Add($"{string.Join(", ", missing)} {(missing.Count == 1 ? "is" : "are")} not native (native: {string.Join(", ", target.NativeGates ?? [])})");
            }

            var needed = Math.Max(requirements.MinQubits ?? 0, circuit?.QubitCount ?? 0);
            if (requirements.Connectivity == Connectivity.AllToAll && !target.IsAllToAll)
            {
                reasons.Add("its qubits are not all-to-all connected");
            }
            else if (requirements.Connectivity == Connectivity.Linear && !target.IsAllToAll && !HasLine(target, needed))
            {
                reasons.Add($"its coupling map has no line through {needed} qubits");
            }

            if (requirements.MaxCostPerShot is { } maxCost && backend.CostPerShot > maxCost)
            {
                reasons.Add($"a shot costs {backend.CostPerShot}, more than the {maxCost} allowed");
            }
        }

        if (circuit is not null && reasons.Count == 0)
        {
            var errors = validate(backend).Where(d => d.IsError).ToList();
            if (errors.Count > 0)
            {
                reasons.Add(errors[0].Message + (errors.Count > 1 ? $" (and {errors.Count - 1} more problems)" : ""));
            }
        }

        return reasons;
    }

    /// <summary>Whether the undirected coupling graph has a simple path through <paramref name="length"/> qubits.</summary>
    internal static bool HasLine(Target target, int length)
    {
        if (length <= 1)
        {
            return target.Qubits >= length;
        }

        var neighbours = new Dictionary<int, HashSet<int>>();
        foreach (var pair in target.CouplingMap)
        {
            Add(neighbours, pair.First, pair.Second);
            Add(neighbours, pair.Second, pair.First);
        }

        var budget = MaxPathSearch;
        var visited = new HashSet<int>();
        return neighbours.Keys.Any(start => Extend(start, 1));

        bool Extend(int at, int depth)
        {
            if (depth >= length)
            {
                return true;
            }

            if (--budget < 0)
            {
                return false;
            }

            visited.Add(at);
            var found = neighbours[at].Any(next => !visited.Contains(next) && Extend(next, depth + 1));
            visited.Remove(at);
            return found;
        }
    }

    private static void Add(Dictionary<int, HashSet<int>> neighbours, int from, int to)
    {
        if (!neighbours.TryGetValue(from, out var set))
        {
            neighbours[from] = set = [];
        }

        set.Add(to);
    }
}
