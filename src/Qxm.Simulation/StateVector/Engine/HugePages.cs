using System.Runtime.InteropServices;

namespace Qxm.Simulation.StateVector.Engine;

/// <summary>Asks Linux for transparent huge pages on a state: with 4 KiB pages a 24-qubit state takes 65 536 page
/// faults to touch and the strided block gathers miss the TLB constantly. Advice only; failure changes nothing.</summary>
/// <remarks>Only up to <see cref="AdviseUpToBytes"/>. Where the kernel compacts memory on a fault for advised regions
/// (defrag "madvise", the Debian default), touching fresh advised memory stalls while other processes fragment it:
/// measured on the shared 2-core machine, alternating, touching by two threads (seconds): 256 MiB 0.12-0.22 advised
/// against 0.32-0.41 not (one advised outlier at 2.1), 1 GiB 0.22-5.8 against 1.1-1.5, 4 GiB 11-20 against 5.5-9.2.
/// Small states gain from the advice, large ones lose, and their first run is the one a user waits for.
/// <c>QXM_HUGEPAGES=always|never</c> overrides the size rule (<c>QXM_NO_HUGEPAGES=1</c> is <c>never</c>).</remarks>
internal static partial class HugePages
{
    public const nuint Size = 2 << 20;

    /// <summary>The largest region advised: 512 MiB, a 25-qubit double-precision or 26-qubit single-precision state.</summary>
    public const nuint AdviseUpToBytes = 512 << 20;

    private const int MadviseHugePage = 14;

    /// <summary>MADV_POPULATE_WRITE (Linux 5.14): faults a range in for writing in one call, without a trap per page.</summary>
    private const int MadvisePopulateWrite = 23;

    /// <summary>Fresh memory is populated in pieces of this size, dealt out to the threads.</summary>
    public const nuint PopulateChunkBytes = 16 << 20;

    public static void Request(nint address, nuint length)
    {
        var setting = Environment.GetEnvironmentVariable("QXM_HUGEPAGES")
            ?? (Environment.GetEnvironmentVariable("QXM_NO_HUGEPAGES") == "1" ? "never" : null);
        if (!OperatingSystem.IsLinux() || !Advises(length, setting))
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

    /// <summary>Faults in fresh memory above <see cref="AdviseUpToBytes"/> before the first pass, on
    /// <paramref name="threads"/> threads, with the pages the size rule gave it (normal ones unless overridden).
    /// Where the kernel lacks the call, nothing happens and the first pass touches the pages.</summary>
    /// <remarks>Trying huge pages piece by piece and dropping the advice once a piece stalled looked bounded, but on
    /// two threads under load an 8 GiB state then took 12.7 s of kernel time against 3.5 s without the advice (advising
    /// a piece takes the address space's lock for writing while the other thread populates): normal pages it is.</remarks>
    public static void Populate(nint address, nuint length, int threads) => Populate(address, length, threads, AdviseUpToBytes);

    /// <summary><see cref="Populate(nint, nuint, int)"/> for regions larger than <paramref name="above"/> bytes.</summary>
    internal static void Populate(nint address, nuint length, int threads, nuint above)
    {
        if (!OperatingSystem.IsLinux() || length <= above)
        {
            return;
        }

        var chunks = (long)((length + PopulateChunkBytes - 1) / PopulateChunkBytes);
        var workers = Math.Max(1, threads);
        var failed = 0;
        Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, t =>
        {
            for (var c = (long)t; c < chunks && Volatile.Read(ref failed) == 0; c += workers)
            {
                var start = address + (nint)((nuint)c * PopulateChunkBytes);
                var size = Math.Min(PopulateChunkBytes, length - ((nuint)c * PopulateChunkBytes));
                if (!TryMadvise(start, size, MadvisePopulateWrite))
                {
                    Volatile.Write(ref failed, 1);
                }
            }
        });
    }

    private static bool TryMadvise(nint address, nuint length, int advice)
    {
        try
        {
            return Madvise(address, length, advice) == 0;
        }
        catch (DllNotFoundException)
        {
            return false;
        }
        catch (EntryPointNotFoundException)
        {
            return false;
        }
    }

    /// <summary>Whether a region of <paramref name="length"/> bytes is advised under the override <paramref name="setting"/>.</summary>
    internal static bool Advises(nuint length, string? setting) => length >= Size && setting switch
    {
        "always" => true,
        "never" => false,
        _ => length <= AdviseUpToBytes,
    };

    [LibraryImport("libc", EntryPoint = "madvise")]
    private static partial int Madvise(nint address, nuint length, int advice);
}
