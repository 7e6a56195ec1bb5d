using System.CommandLine;
using System.Globalization;
using Qxm.Engine.Persistence;

namespace Qxm.Cli.Commands;

/// <summary>The search options of <c>qxm status</c>: filters, order and the cursor of the next page.</summary>
internal sealed class RunSearchOptions
{
    private readonly Option<string?> _tag = new("--tag") { Description = "Only runs with this tag", HelpName = "TAG" };
    private readonly Option<string?> _name = new("--name") { Description = "Only runs of experiments with this name", HelpName = "NAME" };
    private readonly Option<string?> _fingerprint = new("--fingerprint") { Description = "Only runs of this experiment version", HelpName = "HASH" };
    private readonly Option<string?> _submitter = new("--submitter") { Description = "Only runs this principal submitted", HelpName = "PRINCIPAL" };
    private readonly Option<string?> _since = new("--since") { Description = "Only runs created at or after this ISO 8601 time", HelpName = "TIME" };
    private readonly Option<string?> _until = new("--until") { Description = "Only runs created before this ISO 8601 time", HelpName = "TIME" };
    private readonly Option<bool> _oldest = new("--oldest") { Description = "Oldest first instead of newest first" };
    private readonly Option<string?> _cursor = new("--cursor") { Description = "Continue a listing after the page that printed this cursor", HelpName = "CURSOR" };

    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        foreach (var option in new Option[] { _tag, _name, _fingerprint, _submitter, _since, _until, _oldest, _cursor })
        {
            command.Add(option);
        }
    }

    public (RunQuery? Query, string? Error) Read(ParseResult parseResult, RunQuery query)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        ArgumentNullException.ThrowIfNull(query);
        DateTimeOffset? since = null, until = null;
        foreach (var (option, set) in new (Option<string?>, Action<DateTimeOffset>)[] { (_since, t => since = t), (_until, t => until = t) })
        {
            if (parseResult.GetValue(option) is { } text)
            {
                if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
                {
                    return (null, $"{option.Name} '{text}' is not an ISO 8601 time such as 2025-01-06T08:00:00Z");
                }

                set(parsed);
            }
        }

        RunCursor? after = null;
        if (parseResult.GetValue(_cursor) is { } cursor && (after = RunCursor.Decode(cursor)) is null)
        {
            return (null, "--cursor is not a cursor qxm printed; list again without it");
        }

        return (query with
        {
            Tag = parseResult.GetValue(_tag),
            Name = parseResult.GetValue(_name),
            Fingerprint = parseResult.GetValue(_fingerprint),
            Submitter = parseResult.GetValue(_submitter),
            Since = since,
            Until = until,
            Order = parseResult.GetValue(_oldest) ? RunOrder.Oldest : RunOrder.Newest,
            After = after,
        }, null);
    }
}
