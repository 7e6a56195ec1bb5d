using System.CommandLine;
using Qxm.Domain.Runs;

namespace Qxm.Cli.Input;

/// <summary><c>--state STATE</c>: a run state by its lower-case name; a bad name gets one line listing the good ones.</summary>
internal static class RunStateOption
{
    public static IReadOnlyList<RunState> Offered => RunLifecycle.InUse;

    public static Option<RunState?> Create(string description)
    {
        return new Option<RunState?>("--state")
        {
            Description = $"{description}: {string.Join(", ", Offered.Select(Name))}",
            HelpName = "STATE",
            CustomParser = result =>
            {
                var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
                foreach (var state in Offered)
                {
                    if (string.Equals(Name(state), text, StringComparison.OrdinalIgnoreCase))
                    {
                        return state;
                    }
                }

                result.AddError($"--state: '{text}' is not a run state; use one of {string.Join(", ", Offered.Select(Name))}");
                return null;
            },
        };
    }

    private static string Name(RunState state) => state.ToString().ToLowerInvariant();
}
