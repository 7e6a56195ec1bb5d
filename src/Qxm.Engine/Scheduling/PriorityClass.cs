namespace Qxm.Engine.Scheduling;

/// <summary>Lower values dispatch first.</summary>
public enum PriorityClass
{
    High = 0,
    Normal = 1,
    Low = 2,
}
