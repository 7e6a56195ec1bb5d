using Qxm.Backends.Devices;

namespace Qxm.Engine.Tests.Validation;

/// <summary>A shipped fake device and the spellings a test circuit needs on it: a native one-qubit gate call and a native
/// two-qubit gate on a coupled pair, and a pair it does not couple (null when all-to-all).</summary>
public sealed record DeviceCase(string Name, string OneQubit, string TwoQubit, (int A, int B) Coupled, (int A, int B)? Uncoupled)
{
    public static readonly DeviceCase HeavyHex = new("heavyhex27", "rz(0.5)", "cx", (0, 1), (0, 5));
    public static readonly DeviceCase Ion = new("ion25", "gpi(0.1)", "ms(0, 0)", (0, 24), null);
    public static readonly DeviceCase Square = new("square9", "rz(0.5)", "cz", (4, 1), (0, 8));

    public static TheoryData<string> Names => ["heavyhex27", "ion25", "square9"];

    public DeviceDefinition Device => DeviceCatalog.BuiltIn().Single(d => d.Name == Name);

    public static DeviceCase Get(string name) => name switch
    {
        "heavyhex27" => HeavyHex,
        "ion25" => Ion,
        _ => Square,
    };

    public override string ToString() => Name;
}
