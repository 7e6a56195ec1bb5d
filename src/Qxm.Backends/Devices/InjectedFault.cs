namespace Qxm.Backends.Devices;

/// <summary>A fault the fake device plays out itself rather than throwing at once.</summary>
internal enum InjectedFault
{
    None,
    Timeout,
    MalformedJson,
    WrongContentType,
    TruncatedBody,
    WrongBitWidth,
    WrongSum,
}
