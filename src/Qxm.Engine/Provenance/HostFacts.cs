using System.Numerics;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Qxm.Engine.Provenance;

/// <summary>The facts of this process that a run's provenance records: the qxm build, the runtime, the operating system
/// and the machine. Read once; none of them changes while the process lives.</summary>
internal sealed record HostFacts(
    string QxmVersion, string QxmCommit, string Runtime, string OperatingSystem, string Architecture, string CpuModel, int CpuCount, int VectorWidth)
{
    public static HostFacts Current { get; } = Read(
        typeof(HostFacts).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion,
        ReadCpuModel());

    /// <param name="informationalVersion"><c>version+commit</c>, as the SDK stamps it from the repository.</param>
    public static HostFacts Read(string? informationalVersion, string? cpuModel)
    {
        var (version, commit) = SplitVersion(informationalVersion);
        return new HostFacts(
            version,
            commit,
            RuntimeInformation.FrameworkDescription,
            RuntimeInformation.OSDescription,
            RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant(),
            string.IsNullOrWhiteSpace(cpuModel) ? RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant() : cpuModel.Trim(),
            Environment.ProcessorCount,
            VectorBits());
    }

    public static (string Version, string Commit) SplitVersion(string? informationalVersion)
    {
        if (string.IsNullOrWhiteSpace(informationalVersion))
        {
            return ("unknown", "unknown");
        }

        var plus = informationalVersion.IndexOf('+', StringComparison.Ordinal);
        return plus < 0
            ? (informationalVersion, "unknown")
            : (informationalVersion[..plus], informationalVersion[(plus + 1)..]);
    }

    /// <summary>The widest vector the simulators' kernels can use here, in bits.</summary>
    private static int VectorBits() =>
        Vector512.IsHardwareAccelerated ? 512
        : Vector256.IsHardwareAccelerated ? 256
        : Vector128.IsHardwareAccelerated ? 128
        : Vector<byte>.Count * 8;

    /// <summary>The CPU's model name where the operating system tells it (Linux's <c>/proc/cpuinfo</c>); null elsewhere,
    /// and the architecture stands in.</summary>
    private static string? ReadCpuModel()
    {
        const string CpuInfo = "/proc/cpuinfo";
        try
        {
            if (!File.Exists(CpuInfo))
            {
                return null;
            }

            foreach (var line in File.ReadLines(CpuInfo))
            {
                if (line.StartsWith("model name", StringComparison.Ordinal) || line.StartsWith("Model", StringComparison.Ordinal))
                {
                    var colon = line.IndexOf(':', StringComparison.Ordinal);
                    return colon < 0 ? null : line[(colon + 1)..].Trim();
                }
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return null;
    }
}
