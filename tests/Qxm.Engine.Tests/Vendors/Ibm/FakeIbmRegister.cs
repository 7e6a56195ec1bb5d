namespace Qxm.Engine.Tests.Vendors.Ibm;

/// <summary>One classical register's samples in a PUB result: a hex value per shot and the register's width.</summary>
internal sealed record FakeIbmRegister(string Name, int Bits, IReadOnlyList<string> Samples);
