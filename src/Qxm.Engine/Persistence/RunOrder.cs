namespace Qxm.Engine.Persistence;

/// <summary>The order runs are listed in: by creation time, the run id breaking ties.</summary>
public enum RunOrder
{
    Newest,
    Oldest,
}
