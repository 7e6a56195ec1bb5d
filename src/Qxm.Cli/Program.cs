using System.Reflection;

namespace Qxm.Cli;

internal static class Program
{
    public static Task<int> Main(string[] args)
    {
        // `qxm --version` is what scripts call to probe for qxm: answered before the command tree (every verb, its options
        // and their libraries) is built, which is most of its start-up.
        if (args is ["--version"])
        {
            Console.Out.WriteLine(typeof(Program).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion);
            return Task.FromResult(ExitCodes.Success);
        }

        return CliApp.RunAsync(args, CliConsole.ForProcess(), CancellationToken.None);
    }
}
