namespace Qxm.Domain.Backends;

public enum BackendStatus
{
    Online,
    Maintenance,
    Offline,
}
