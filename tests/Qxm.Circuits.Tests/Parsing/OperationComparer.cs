using Qxm.Circuits.Ir;

namespace Qxm.Circuits.Tests.Parsing;

/// <summary>Compares operations by value; records compare ImmutableArray members by reference.</summary>
internal sealed class OperationComparer : IEqualityComparer<Operation>
{
    public static readonly OperationComparer Instance = new();

    public bool Equals(Operation? x, Operation? y) =>
        x is not null && y is not null && x.Span == y.Span && string.Equals(Describe(x), Describe(y), StringComparison.Ordinal);

    public int GetHashCode(Operation obj) => Describe(obj).GetHashCode(StringComparison.Ordinal);

    private static string Describe(Operation op) =>
        new Circuit(2, 0, 0, [], [], [], [op]).ToCanonicalString();
}
