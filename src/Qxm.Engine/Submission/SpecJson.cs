using System.Text.Json;
using System.Text.Json.Serialization;

namespace Qxm.Engine.Submission;

internal static class SpecJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };
}
