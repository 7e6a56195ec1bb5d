using Spectre.Console;

namespace Qxm.Cli;

/// <summary>Where the CLI writes: the process's console, or captured writers when tests run it in-process.</summary>
internal sealed class CliConsole
{
    public CliConsole(TextWriter stdout, TextWriter stderr, bool stdoutIsTerminal = false, bool stderrIsTerminal = false)
    {
        Stdout = stdout;
        Stderr = stderr;
        StdoutIsTerminal = stdoutIsTerminal;
        StderrIsTerminal = stderrIsTerminal;
        Out = Create(stdout, stdoutIsTerminal);
        Error = Create(stderr, stderrIsTerminal);
    }

    public TextWriter Stdout { get; }

    public TextWriter Stderr { get; }

    public bool StdoutIsTerminal { get; }

    /// <summary>Whether progress may be animated on stderr.</summary>
    public bool StderrIsTerminal { get; }

    /// <summary>Rich rendering (tables) onto <see cref="Stdout"/>.</summary>
    public IAnsiConsole Out { get; }

    public IAnsiConsole Error { get; }

    public static CliConsole ForProcess() =>
        new(Console.Out, Console.Error, !Console.IsOutputRedirected, !Console.IsErrorRedirected);

    private static IAnsiConsole Create(TextWriter writer, bool isTerminal)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = isTerminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = isTerminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = isTerminal ? InteractionSupport.Detect : InteractionSupport.No,
        });

        // Captured or piped output gets a fixed width, so what scripts and tests read does not depend on a terminal.
        if (!isTerminal)
        {
            console.Profile.Width = 160;
        }

        return console;
    }
}
