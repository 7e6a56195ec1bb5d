using System.CommandLine;
using System.CommandLine.Help;
using Qxm.Cli.Commands;
using Qxm.Client.Errors;

namespace Qxm.Cli;

/// <summary>The <c>qxm</c> command line. Tests call <see cref="RunAsync(string[], TextWriter, TextWriter, CancellationToken)"/>
/// in-process with captured writers; <see cref="Program"/> calls it with the console.</summary>
internal static class CliApp
{
    /// <summary>Set to 1 to get stack traces with unexpected errors.</summary>
    public const string DebugVariable = "QXM_DEBUG";

    public static Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken) =>
        RunAsync(args, new CliConsole(stdout, stderr), cancellationToken);

    public static async Task<int> RunAsync(string[] args, CliConsole console, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(console);
        var parsed = BuildRoot(console).Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
            {
                console.Stderr.WriteLine($"qxm: {error.Message}");
            }

            console.Stderr.WriteLine("Run 'qxm --help' for usage.");
            return ExitCodes.InvalidInput;
        }

        try
        {
            var configuration = new InvocationConfiguration
            {
                Output = console.Stdout,
                Error = console.Stderr,
                EnableDefaultExceptionHandler = false,
            };
            return await parsed.InvokeAsync(configuration, cancellationToken);
        }
        catch (UsageException e)
        {
            console.Stderr.WriteLine($"qxm: {e.Message}");
            return ExitCodes.InvalidInput;
        }
        catch (QxmApiException e) when (e.Kind is ApiErrorKind.Unauthenticated or ApiErrorKind.Forbidden)
        {
            console.Stderr.WriteLine(e.Kind == ApiErrorKind.Unauthenticated
                ? $"qxm: the server refused the credentials ({e.Problem.Detail}); set {Connection.Credentials.KeyVariable} or use --credentials"
                : $"qxm: the server refused: {e.Problem.Detail}");
            return ExitCodes.NotAuthorized;
        }
        catch (QxmUnreachableException e)
        {
            console.Stderr.WriteLine($"qxm: {e.Message}");
            return ExitCodes.ServerUnreachable;
        }
        catch (OperationCanceledException)
        {
            console.Stderr.WriteLine("qxm: interrupted");
            return ExitCodes.Interrupted;
        }
#pragma warning disable CA1031 // The CLI's one catch-all: any failure becomes one readable line and exit code 1.
        catch (Exception e)
#pragma warning restore CA1031
        {
            console.Stderr.WriteLine(Environment.GetEnvironmentVariable(DebugVariable) == "1"
                ? $"qxm: unexpected error: {e}"
                : $"qxm: unexpected error: {e.Message} (set {DebugVariable}=1 for details)");
            return ExitCodes.Failure;
        }
    }

    public static RootCommand BuildRoot(CliConsole console)
    {
        var globals = new GlobalOptions();
        var root = new RootCommand("qxm: run quantum experiments on simulators and devices, embedded or through a qxm server")
        {
            HelpName = "qxm",
        };
        globals.AddTo(root);
        root.Add(RunCommand.Create(globals, console));
        root.Add(SubmitCommand.Create(globals, console));
        root.Add(StatusCommand.Create(globals, console));
        root.Add(ProvenanceCommand.Create(globals, console));
        root.Add(ExperimentsCommand.Create(globals, console));
        root.Add(ReproduceCommand.Create(globals, console));
        root.Add(BenchStoreCommand.Create(globals, console));
        root.Add(WatchCommand.Create(globals, console));
        root.Add(SloCommand.Create(globals, console));
        root.Add(ResultsCommand.Create(globals, console));
        root.Add(OptimizeCommand.Create(globals, console));
        root.Add(SessionCommand.Create(globals, console));
        root.Add(CancelCommand.Create(globals, console));
        root.Add(BackendsCommand.Create(globals, console));
        root.Add(CalibrationCommand.Create(globals, console));
        root.Add(QueueCommand.Create(globals, console));
        root.Add(ReservationsCommand.Create(globals, console));
        root.Add(TenantsCommand.Create(globals, console));
        root.Add(AuditCommand.Create(globals, console));
        root.Add(GcCommand.Create(globals, console));
        root.Add(ExportCommand.Create(globals, console));
        root.Add(ImportCommand.Create(globals, console));
        root.Add(KeysCommand.Create(globals, console));
        root.Add(CredentialsCommand.Create(globals, console));
        root.Add(ValidateCommand.Create(globals, console));
        root.Add(EstimateCommand.Create(globals, console));
        root.Add(CostsCommand.Create(globals, console));
        root.Add(CheckCommand.Create(globals, console));
        root.Add(ServeCommand.Create(globals, console));
        root.Add(BenchServiceCommand.Create(globals, console));
        root.Add(BenchCommand.Create(globals, console));
        root.Add(FuzzApiCommand.Create(globals, console));
        if (!console.StdoutIsTerminal)
        {
            // Help for a pipe or a test has a fixed width instead of the console's.
            foreach (var help in root.Options.OfType<HelpOption>())
            {
                if (help.Action is HelpAction action)
                {
                    action.MaxWidth = 100;
                }
            }
        }

        return root;
    }
}
