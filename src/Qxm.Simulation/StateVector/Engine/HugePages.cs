using System.Runtime.InteropServices;

namespace Qxm.Simulation.StateVector.Engine;

/// <summary>Asks Linux for transparent huge pages on a state: with 4 KiB pages a 24-qubit state takes 65 536 page
/// faults to touch and the strided block gathers miss the TLB constantly. Advice only; failure changes nothing.</summary>
internal static partial class HugePages
{
    public const nuint Size = 2 << 20;

    private const int MadviseHugePage = 14;

    public static void Request(nint address, nuint length)
    {
        if (!OperatingSystem.IsLinux() || length < Size || Environment.GetEnvironmentVariable("QXM_NO_HUGEPAGES") == "1")
        {
            return;
        }

        try
        {
            _ = Madvise(address, length, MadviseHugePage);
        }
        catch (DllNotFoundException)
        {
            // A libc without that name (e.g. musl builds); normal pages still work.
        }
        catch (EntryPointNotFoundException)
        {
        }
    }

    [LibraryImport("libc", EntryPoint = "madvise")]
    private static partial int Madvise(nint address, nuint length, int advice);
}
