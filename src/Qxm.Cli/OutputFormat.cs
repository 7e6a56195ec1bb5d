namespace Qxm.Cli;

internal enum OutputFormat
{
    /// <summary>Tables and sentences for people.</summary>
    Text,

    /// <summary>One JSON document on stdout, nothing else there, for scripts.</summary>
    Json,
}
