using System.Text;
using Qxm.Domain.Errors;
using Qxm.Domain.Experiments;
using Qxm.Engine.Experiments;

namespace Qxm.Cli.Input;

/// <summary>Reads the FILE of <c>run</c> and <c>submit</c>: an experiment (.yaml, .yml, .json) or a bare OpenQASM circuit
/// (.qasm) that the command line's shots, backend and seed turn into an experiment.</summary>
internal static class ExperimentInput
{
    public const string FileNotFoundRule = "cli.file-not-found";

    public static (ExperimentDefinition? Experiment, IReadOnlyList<Diagnostic> Diagnostics) Load(string path, ExperimentOverrides overrides)
    {
        ArgumentNullException.ThrowIfNull(overrides);
        if (!File.Exists(path))
        {
            return (null, [new Diagnostic(FileNotFoundRule, "no such file", path)]);
        }

        if (path.EndsWith(".qasm", StringComparison.OrdinalIgnoreCase))
        {
            var circuit = new ExperimentDefinition
            {
                Name = NameFor(path),
                CircuitSource = File.ReadAllText(path),
                CircuitOrigin = path,
                Shots = overrides.Shots ?? ExperimentOverrides.DefaultShots,
                Backend = overrides.Backend ?? ExperimentOverrides.DefaultBackend,
                Seed = overrides.Seed,
                Cache = overrides.Cache ?? CachePolicy.Never,
            };
            return (circuit, []);
        }

        var loaded = ExperimentLoader.LoadFile(path);
        if (loaded.Experiment is not { } experiment)
        {
            return (null, loaded.Diagnostics);
        }

        experiment = experiment with
        {
            Shots = overrides.Shots ?? experiment.Shots,
            Backend = overrides.Backend ?? experiment.Backend,
            Seed = overrides.Seed ?? experiment.Seed,
            Cache = overrides.Cache ?? experiment.Cache,
        };
        return (experiment, loaded.Diagnostics);
    }

    /// <summary>Diagnostics of the circuit an experiment file names carry the path as written in that file; shown to the
    /// user they name it from the current directory instead, so <c>file:line:col</c> opens the right file.</summary>
    public static IReadOnlyList<Diagnostic> AsSeenFromHere(IReadOnlyList<Diagnostic> diagnostics, string experimentPath, ExperimentDefinition experiment)
    {
        ArgumentNullException.ThrowIfNull(diagnostics);
        ArgumentNullException.ThrowIfNull(experiment);
        if (experimentPath.EndsWith(".qasm", StringComparison.OrdinalIgnoreCase) || experiment.CircuitOrigin.StartsWith('<'))
        {
            return diagnostics;
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(experimentPath)) ?? Environment.CurrentDirectory;
        var here = Path.GetRelativePath(Environment.CurrentDirectory, Path.Combine(directory, experiment.CircuitOrigin));
        return [.. diagnostics.Select(d => d.File == experiment.CircuitOrigin ? d with { File = here } : d)];
    }

    /// <summary>An experiment name from a file name, within the format's alphabet (letters, digits, '.', '_', '-').</summary>
    private static string NameFor(string path)
    {
        var stem = Path.GetFileNameWithoutExtension(path);
        var name = new StringBuilder(stem.Length);
        foreach (var c in stem)
        {
            name.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' ? c : '-');
        }

        if (name.Length == 0 || !char.IsAsciiLetterOrDigit(name[0]))
        {
            name.Insert(0, 'c');
        }

        return name.ToString(0, Math.Min(name.Length, 128));
    }
}
