using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Qxm.Client.Wire;

/// <summary>The API's JSON conventions, one definition for the server that writes and the clients that read:
/// camelCase names, enums as camelCase strings, dictionary keys as they are (bitstrings, parameter names).</summary>
public static class WireJson
{
    /// <summary>Read-only options with the API's conventions.</summary>
    public static JsonSerializerOptions Options { get; } = Create();

    /// <summary>Applies the API's conventions to <paramref name="options"/> (the server's own HTTP JSON options).</summary>
    public static void Configure(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.DictionaryKeyPolicy = null;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
    }

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        Configure(options);
        options.TypeInfoResolver = new DefaultJsonTypeInfoResolver();
        options.MakeReadOnly();
        return options;
    }
}
