using System.Collections.Concurrent;
using System.Net;

namespace Qxm.Server.Tests.Support;

/// <summary>An OTLP/HTTP receiver on loopback, as a collector would be: it accepts the protobuf export requests qxm
/// sends to <c>/v1/traces</c> (and answers the metrics ones) and decodes the spans, reading the wire format of
/// opentelemetry-proto's trace messages directly (the fields it needs: ids, name, kind, string and integer attributes).</summary>
internal sealed class OtlpReceiver : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<ReceivedSpan> _spans = new();
    private readonly Task _loop;

    public OtlpReceiver()
    {
        Url = new Uri($"http://127.0.0.1:{ExternalTool.FreePort()}/");
        _listener.Prefixes.Add(Url.ToString());
        _listener.Start();
        _loop = Task.Run(async () =>
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync();
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
                {
                    return;
                }

                using var body = new MemoryStream();
                await context.Request.InputStream.CopyToAsync(body);
                if (context.Request.Url!.AbsolutePath == "/v1/traces")
                {
                    foreach (var span in DecodeTraces(body.ToArray()))
                    {
                        _spans.Enqueue(span);
                    }
                }

                context.Response.StatusCode = 200;
                context.Response.ContentType = "application/x-protobuf";
                context.Response.Close();
            }
        });
    }

    public Uri Url { get; }

    public IReadOnlyList<ReceivedSpan> Spans => [.. _spans];

    public void Dispose()
    {
        _listener.Close();
        _loop.Wait(TimeSpan.FromSeconds(5));
    }

    /// <summary>ExportTraceServiceRequest: resource_spans (1) → scope_spans (2) → spans (2).</summary>
    private static IEnumerable<ReceivedSpan> DecodeTraces(byte[] request)
    {
        foreach (var resourceSpans in Fields(request).Where(f => f.Number == 1))
        {
            foreach (var scopeSpans in Fields(resourceSpans.Bytes).Where(f => f.Number == 2))
            {
                foreach (var span in Fields(scopeSpans.Bytes).Where(f => f.Number == 2))
                {
                    yield return DecodeSpan(span.Bytes);
                }
            }
        }
    }

    /// <summary>Span: trace_id 1, span_id 2, parent_span_id 4, name 5, kind 6, attributes 9 (KeyValue: key 1, AnyValue 2
    /// with string_value 1, bool_value 2, int_value 3), status 15 (code 3).</summary>
    private static ReceivedSpan DecodeSpan(byte[] span)
    {
        string traceId = "", spanId = "", parent = "", name = "";
        int kind = 0, status = 0;
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var field in Fields(span))
        {
            switch (field.Number)
            {
                case 1: traceId = Convert.ToHexStringLower(field.Bytes); break;
                case 2: spanId = Convert.ToHexStringLower(field.Bytes); break;
                case 4: parent = Convert.ToHexStringLower(field.Bytes); break;
                case 5: name = System.Text.Encoding.UTF8.GetString(field.Bytes); break;
                case 6: kind = (int)field.Varint; break;
                case 15: status = (int)Fields(field.Bytes).Where(f => f.Number == 3).Select(f => f.Varint).FirstOrDefault(); break;
                case 9:
                    string? key = null, value = null;
                    foreach (var part in Fields(field.Bytes))
                    {
                        if (part.Number == 1)
                        {
                            key = System.Text.Encoding.UTF8.GetString(part.Bytes);
                        }
                        else if (part.Number == 2)
                        {
                            var any = Fields(part.Bytes).FirstOrDefault();
                            value = any.Number switch
                            {
                                1 => System.Text.Encoding.UTF8.GetString(any.Bytes),
                                2 => (any.Varint != 0).ToString(),
                                3 => ((long)any.Varint).ToString(System.Globalization.CultureInfo.InvariantCulture),
                                _ => null,
                            };
                        }
                    }

                    if (key is not null && value is not null)
                    {
                        attributes[key] = value;
                    }

                    break;
            }
        }

        return new ReceivedSpan(traceId, spanId, parent, name, kind, status, attributes);
    }

    private static List<(int Number, ulong Varint, byte[] Bytes)> Fields(byte[] message)
    {
        var fields = new List<(int, ulong, byte[])>();
        var at = 0;
        while (at < message.Length)
        {
            var tag = ReadVarint(message, ref at);
            var number = (int)(tag >> 3);
            switch ((int)(tag & 7))
            {
                case 0:
                    fields.Add((number, ReadVarint(message, ref at), []));
                    break;
                case 1:
                    fields.Add((number, BitConverter.ToUInt64(message, at), []));
                    at += 8;
                    break;
                case 2:
                    var length = (int)ReadVarint(message, ref at);
                    fields.Add((number, 0, message[at..(at + length)]));
                    at += length;
                    break;
                case 5:
                    fields.Add((number, BitConverter.ToUInt32(message, at), []));
                    at += 4;
                    break;
                default:
                    throw new InvalidDataException($"protobuf wire type {tag & 7} at byte {at}");
            }
        }

        return fields;
    }

    private static ulong ReadVarint(byte[] message, ref int at)
    {
        ulong value = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = message[at++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }
    }
}
