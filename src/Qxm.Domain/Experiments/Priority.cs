namespace Qxm.Domain.Experiments;

public static class Priority
{
    public const string High = "high";
    public const string Normal = "normal";
    public const string Low = "low";

    public static readonly IReadOnlyList<string> All = [High, Normal, Low];
}
