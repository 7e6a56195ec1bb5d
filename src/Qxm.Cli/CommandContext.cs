using System.Text.Json;
using Qxm.Domain.Errors;
using Qxm.Server.Json;

namespace Qxm.Cli;

/// <summary>One command's invocation: where to write, in which format, and which engine to talk to.</summary>
internal sealed record CommandContext(CliConsole Console, OutputFormat Output, Uri? Server, string? Home, string Tenant = Domain.Tenancy.Tenant.DefaultId)
{
    private static readonly JsonSerializerOptions Indented = new(ApiJson.Options) { WriteIndented = true };

    /// <summary>The credentials file named on the command line, if any.</summary>
    public string? Credentials { get; init; }

    /// <summary>Embedded mode over a PostgreSQL store (keys commands); null means <c>$QXM_STORE</c>, else SQLite in the data directory.</summary>
    public string? Store { get; init; }

    public bool IsJson => Output == OutputFormat.Json;

    public void WriteJson<T>(T value)
    {
        Console.Stdout.WriteLine(JsonSerializer.Serialize(value, Indented));
        Console.Stdout.Flush();
    }

    /// <summary>Writes a line for people: on stdout in text mode, on stderr in JSON mode (stdout is the document's).</summary>
    public void Say(string line)
    {
        var writer = IsJson ? Console.Stderr : Console.Stdout;
        writer.WriteLine(line);
    }

    public int Fail(int exitCode, string message)
    {
        Console.Stderr.WriteLine($"qxm: {message}");
        return exitCode;
    }

    /// <summary>Prints diagnostics in the compiler form <c>file:line:col: message</c>, one a line on stderr.</summary>
    public int Refuse(IEnumerable<Diagnostic> diagnostics)
    {
        foreach (var diagnostic in diagnostics)
        {
            Console.Stderr.WriteLine(diagnostic.IsError ? diagnostic.ToString() : $"{diagnostic} (warning)");
        }

        return ExitCodes.InvalidInput;
    }

    public void Warn(IEnumerable<Diagnostic> diagnostics)
    {
        foreach (var diagnostic in diagnostics.Where(d => !d.IsError))
        {
            Console.Stderr.WriteLine($"{diagnostic} (warning)");
        }
    }
}
