namespace Qxm.Backends.Vendors.Azure;

/// <summary>The Azure Quantum provider targets qxm has an input format for, for checking <c>backends.yaml</c>.</summary>
public static class AzureTargets
{
    public static IReadOnlyCollection<string> Known => AzureTarget.Devices;

    public static bool IsKnown(string device) => AzureTarget.Of(device) is not null;
}
