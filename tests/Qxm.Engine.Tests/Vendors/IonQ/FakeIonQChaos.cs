namespace Qxm.Engine.Tests.Vendors.IonQ;

/// <summary>The fake IonQ's fault plan: probabilities per call, a 401 every <see cref="AuthExpiredEvery"/> calls and one
/// outage on the test's clock.</summary>
internal sealed record FakeIonQChaos(
    int Seed, double RateLimited, double Transient, double Timeout, int AuthExpiredEvery, DateTimeOffset OutageStart, TimeSpan OutageLength);
