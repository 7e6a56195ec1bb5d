namespace Qxm.Server;

/// <summary>How <c>qxm serve</c> writes its logs: readable lines, or one JSON object a line with scopes (run id, trace id).</summary>
public enum LogFormat
{
    Text,
    Json,
}
