using Qxm.Engine.Tests.Vendors.IonQ;

namespace Qxm.Engine.Tests.Vendors;

/// <summary>What the vendor chaos test needs of a vendor's contract fake.</summary>
internal interface IChaosVendorFake
{
    TimeSpan QueueDelay { set; }

    FakeIonQChaos? Chaos { set; }

    /// <summary>Calls the fake answered, faults included.</summary>
    long Calls { get; }

    /// <summary>Faults the chaos plan injected.</summary>
    long Injected { get; }

    /// <summary>Vendor jobs made per idempotency key.</summary>
    IReadOnlyDictionary<string, int> JobsPerKey();
}
