using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Beacon.Core.Plans;

namespace Beacon.Reliability;

/// <summary>How many malformed requests, from which seed, and the memory the server must stay under.</summary>
public sealed record FuzzOptions(int Cases, int Seed, long MemoryBoundBytes = 1024L * 1024 * 1024);

/// <summary>
/// Sends seeded malformed requests to every write operation of the app's own OpenAPI document (/openapi/v1.json, so
/// an endpoint added later is fuzzed without a change here), the import among them: wrong types, unknown and duplicate
/// properties, huge and deeply nested documents, invalid UTF-8, numbers beyond any range, 10 MB bodies, truncated and
/// empty bodies, wrong content types, path parameters that name nothing. Each answer must be a 4xx problem document
/// (with its request id), never a 5xx; the database must be value for value what it was (a digest of every table
/// after every request); and the server's resident memory must stay under the bound.
/// </summary>
public static partial class FuzzRun
{
    /// <summary>Counts of failed sign-ins change on purpose when a malformed sign-in is refused (docs/security.md).</summary>
    public static readonly string[] Unwatched = ["SignInThrottles"];

    private sealed record Operation(string Method, string Path, JsonObject? Schema, string Summary);

    private sealed record Case(string Operation, string Kind, HttpRequestMessage Request, string Who);

    public static async Task<RunReport> RunAsync(DatabaseKind kind, FuzzOptions options, string folder, TextWriter log)
    {
        var report = new RunReport("fuzz", kind, options.Seed);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var random = new Random(options.Seed);
        await using var database = await Fixture.DatabaseAsync(kind, folder);
        await using var server = await BeaconProcess.StartAsync(database, folder);
        var clients = new Dictionary<string, HttpClient>(StringComparer.Ordinal)
        {
            ["planner"] = await Fixture.SignInAsync(server.Address, Fixture.Planner),
            ["editor"] = await Fixture.SignInAsync(server.Address, Fixture.EntriesEditors[0]),
            ["reviewer"] = await Fixture.SignInAsync(server.Address, Fixture.Reviewers[0]),
            ["anonymous"] = new HttpClient { BaseAddress = server.Address },
        };
        // The workflow plan goes under review, so that reviews reach their checks instead of the status's refusal.
        foreach (var step in new[] { "submit", "start-review" })
        {
            var version = (await Api.WorkflowAsync(clients["planner"], Fixture.WorkflowOrg)).Version;
            (await clients["planner"].PostAsync($"{Api.PlanPath(Fixture.WorkflowOrg)}/workflow/{step}", Fixture.Json($$"""{"version":{{version}}}"""))).EnsureSuccessStatusCode();
        }
        var kpis = (await Api.EvaluationAsync(clients["planner"], Fixture.EntriesOrg)).Keys.ToList();
        var operations = await OperationsAsync(clients["anonymous"]);
        report.Figure("write operations in /openapi/v1.json", operations.Count);
        var baseline = await database.DigestAsync(Unwatched);
        var byStatus = new SortedDictionary<int, long>();
        var byKind = new SortedDictionary<string, long>(StringComparer.Ordinal);
        var byOperation = new SortedDictionary<string, long>(StringComparer.Ordinal);
        long problems = 0, bytesSent = 0, beforeTheApp = 0;

        for (var i = 0; i < options.Cases; i++)
        {
            var operation = operations[i % operations.Count];
            var fuzz = Make(operation, random, kpis);
            using var request = fuzz.Request;
            bytesSent += request.Content is null ? 0 : (await request.Content.ReadAsByteArrayAsync()).Length;
            HttpResponseMessage response;
            try
            {
                response = await clients[fuzz.Who].SendAsync(request);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                report.Violation($"case {i} {fuzz.Operation} [{fuzz.Kind}]: no answer ({e.Message}); server {(server.Exited ? "exited" : "running")}");
                if (server.Exited) break;
                continue;
            }
            var status = (int)response.StatusCode;
            var url = request.RequestUri!.OriginalString;
            byStatus[status] = byStatus.GetValueOrDefault(status) + 1;
            byKind[fuzz.Kind] = byKind.GetValueOrDefault(fuzz.Kind) + 1;
            byOperation[fuzz.Operation] = byOperation.GetValueOrDefault(fuzz.Operation) + 1;
            var body = await response.Content.ReadAsStringAsync();
            if (status is < 400 or > 499)
                report.Violation($"case {i} {fuzz.Operation} {url} [{fuzz.Kind}] as {fuzz.Who}: {status} {Excerpt(body)}");
            else if (KestrelRefusal(response, url))
                beforeTheApp++;
            else if (ProblemDocumentFault(response, body) is { } fault)
                report.Violation($"case {i} {fuzz.Operation} {url} [{fuzz.Kind}]: {status} is not a problem document: {fault}: {Excerpt(body)}");
            else problems++;
            var digest = await database.DigestAsync(Unwatched);
            if (digest != baseline)
            {
                report.Violation($"case {i} {fuzz.Operation} [{fuzz.Kind}] as {fuzz.Who}: answered {status}, and the database changed");
                baseline = digest;
            }
            if (server.MemoryBytes > options.MemoryBoundBytes)
                report.Violation($"case {i} {fuzz.Operation} [{fuzz.Kind}]: the server holds {server.MemoryBytes / 1048576} MiB, over the bound");
            if ((i + 1) % 500 == 0) await log.WriteLineAsync($"fuzz {kind}: {i + 1}/{options.Cases} cases, {report.Violations.Count} violations");
        }
        var peak = server.PeakMemoryBytes;
        foreach (var client in clients.Values) client.Dispose();
        report.Elapsed = clock.Elapsed;
        report.Figure("cases sent", byStatus.Values.Sum());
        report.Figure("bytes sent", bytesSent);
        foreach (var (status, count) in byStatus) report.Figure($"  answered {status}", count);
        report.Figure("answers that were 4xx problem documents", problems);
        report.Figure("answers 400 by Kestrel before the app (NUL in the path)", beforeTheApp);
        report.Figure("answers 5xx", byStatus.Where(s => s.Key >= 500).Sum(s => s.Value));
        report.Figure("database changes by a refused request", report.Violations.Count(v => v.EndsWith("the database changed", StringComparison.Ordinal)));
        foreach (var (kind2, count) in byKind) report.Figure($"  cases {kind2}", count);
        report.Figure("server memory, peak resident (MiB)", peak / 1048576);
        report.Figure("server memory bound (MiB)", options.MemoryBoundBytes / 1048576);
        if (peak > options.MemoryBoundBytes) report.Violation($"the server's peak resident memory {peak / 1048576} MiB is over the bound");
        foreach (var (operation, count) in byOperation) report.Figure($"  cases on {operation}", count);
        return report;
    }

    /// <summary>POST, PUT, PATCH and DELETE operations of the OpenAPI document, with their JSON body schemas resolved.</summary>
    private static async Task<List<Operation>> OperationsAsync(HttpClient client)
    {
        var document = JsonNode.Parse(await client.GetStringAsync("openapi/v1.json"))!.AsObject();
        var components = document["components"]?["schemas"]?.AsObject();
        var operations = new List<Operation>();
        foreach (var (path, item) in document["paths"]!.AsObject())
            foreach (var (method, operation) in item!.AsObject())
            {
                if (method is not ("post" or "put" or "patch" or "delete")) continue;
                var schema = operation?["requestBody"]?["content"]?["application/json"]?["schema"] is { } s ? Resolve(s, components, 0) as JsonObject : null;
                operations.Add(new Operation(method.ToUpperInvariant(), path, schema, operation?["summary"]?.GetValue<string>() ?? ""));
            }
        return [.. operations.OrderBy(o => o.Path, StringComparer.Ordinal).ThenBy(o => o.Method, StringComparer.Ordinal)];
    }

    private static JsonNode? Resolve(JsonNode node, JsonObject? components, int depth)
    {
        if (depth > 8) return new JsonObject();
        if (node is JsonObject o && o["$ref"]?.GetValue<string>() is { } reference)
            return Resolve(components![reference.Split('/')[^1]]!, components, depth + 1);
        if (node is JsonObject obj)
        {
            var copy = new JsonObject();
            foreach (var (key, value) in obj) copy[key] = value is null ? null : Resolve(value, components, depth + 1);
            return copy;
        }
        return node.DeepClone();
    }

    /// <summary>Who sends an operation: the role that may, so the request reaches the checks behind authorization.</summary>
    private static string Who(Operation operation, Random random) => random.Next(20) == 0 ? "anonymous" : operation.Path switch
    {
        var p when p.EndsWith("/review", StringComparison.Ordinal) => "reviewer",
        var p when p.Contains("/kpis/", StringComparison.Ordinal) => "editor",
        _ => "planner",
    };

    private static string FillPath(Operation operation, Random random, IReadOnlyList<string> kpis, out bool wrongPath)
    {
        wrongPath = random.Next(10) == 0;
        var org = operation.Path.EndsWith("/review", StringComparison.Ordinal) || operation.Path.Contains("/workflow", StringComparison.Ordinal)
            ? Fixture.WorkflowOrg : Fixture.EntriesOrg;
        var wrong = wrongPath;
        var path = PathParameter().Replace(operation.Path, m => m.Groups[1].Value switch
        {
            "org" => wrong ? Pick(random, ["NO-SUCH-ORG", "rely-a", "%E8%87%BA", "..", "A%2FB"]) : org,
            "year" => wrong ? Pick(random, ["1900", "99999", "2147483647", "0"]) : Fixture.Year.ToString(CultureInfo.InvariantCulture),
            "code" => wrong ? Pick(random, ["ZZ9.9", "ac1.1", "AC1.1.1.1", "%00", new string('A', 300)]) : Pick(random, kpis),
            "action" => wrong ? Pick(random, ["approve-all", "SUBMIT", "delete", "%20"]) : Pick(random, ["submit", "start-review", "approve", "return", "unlock"]),
            _ => "x",
        });
        return path.TrimStart('/');
    }

    [GeneratedRegex(@"\{([a-zA-Z]+)(?::[^}]*)?\}")]
    private static partial Regex PathParameter();

    private static T Pick<T>(Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];

    /// <summary>A valid body for the schema, from which each case breaks one thing.</summary>
    private static JsonNode Valid(Operation operation, Random random, IReadOnlyList<string> kpis)
    {
        if (operation.Path.EndsWith("/import", StringComparison.Ordinal))
            return JsonNode.Parse(PlanJson.Write(Fixture.Plan($"FUZZ-{random.Next(100000)}")))!;
        if (operation.Path.EndsWith("/token", StringComparison.Ordinal))
            return new JsonObject { ["email"] = Fixture.Planner, ["password"] = "not-the-password-1" };
        return Example(operation.Schema, random, 0) ?? new JsonObject();
    }

    private static JsonNode? Example(JsonNode? schema, Random random, int depth)
    {
        if (schema is not JsonObject s || depth > 6) return null;
        var type = s["type"] switch
        {
            JsonValue v => v.GetValue<string>(),
            JsonArray a => a.Select(t => t?.GetValue<string>()).FirstOrDefault(t => t != "null"),
            _ => s["properties"] is not null ? "object" : null,
        };
        return type switch
        {
            "object" => new JsonObject((s["properties"]?.AsObject() ?? []).Select(p => KeyValuePair.Create(p.Key, Example(p.Value, random, depth + 1)))),
            "array" => new JsonArray(Example(s["items"], random, depth + 1)),
            "integer" => JsonValue.Create(random.Next(0, 3)),
            "number" => JsonValue.Create(random.Next(0, 101)),
            "boolean" => JsonValue.Create(random.Next(2) == 0),
            "string" when s["enum"] is JsonArray values && values.Count > 0 => values[random.Next(values.Count)]!.DeepClone(),
            "string" => JsonValue.Create("模糊測試"),
            _ => null,
        };
    }

    // Each kind three times, but the big ones (megabytes each) once.
    private static readonly string[] Kinds =
    [
        .. Enumerable.Repeat(new[]
        {
            "wrong type", "unknown property", "duplicate property", "number beyond range", "invalid UTF-8", "deep nesting",
            "truncated", "empty or null", "not an object", "wrong content type", "control characters", "wrong path",
        }, 3).SelectMany(k => k),
        "huge document", "10 MB body", "over 10 MB",
    ];

    private static Case Make(Operation operation, Random random, IReadOnlyList<string> kpis)
    {
        var kind = Kinds[random.Next(Kinds.Length)];
        var path = FillPath(operation, random, kpis, out var wrongPath);
        if (kind == "wrong path") kind = wrongPath ? kind : "wrong type";
        else if (wrongPath) kind = "wrong path";
        var valid = Valid(operation, random, kpis);
        byte[] body;
        var contentType = "application/json";
        switch (kind)
        {
            case "wrong path":
                // The path names nothing, and the body breaks something too, so no request could be valid.
                body = Utf8(Break(valid, random, "wrong type"));
                break;
            case "wrong content type":
                body = Utf8(valid.ToJsonString());
                contentType = Pick(random, ["text/plain", "application/x-www-form-urlencoded", "application/xml", "multipart/form-data; boundary=x"]);
                if (operation.Path.Contains("/workflow/", StringComparison.Ordinal) || operation.Path.EndsWith("/token", StringComparison.Ordinal))
                    body = Utf8(Break(valid, random, "wrong type")); // these read JSON whatever the header says
                break;
            case "invalid UTF-8":
                body = InvalidUtf8(Utf8(valid.ToJsonString()), random);
                break;
            case "deep nesting":
                var depth = random.Next(65, 100_000);
                body = Utf8(new string('[', depth) + new string(']', depth));
                if (random.Next(2) == 0) body = Utf8("{\"x\":" + new string('[', depth) + "1" + new string(']', depth) + "}");
                break;
            case "huge document":
                // A million-element array under a property the operation does not have.
                var huge = valid.AsObject();
                huge["fuzz" + random.Next(1000)] = new JsonArray([.. Enumerable.Range(0, random.Next(10_000, 200_000)).Select(i => (JsonNode?)JsonValue.Create(i))]);
                body = Utf8(huge.ToJsonString());
                break;
            case "10 MB body":
                // Just under the limit: a valid document padded with a string of 10 MB where none belongs, or a text field that long.
                var padded = valid.AsObject();
                var text = new string('字', random.Next(3_000_000, 3_400_000));
                var field = padded.Select(p => p.Key).Where(k => padded[k] is JsonValue v && v.GetValueKind() == JsonValueKind.String).ToList();
                if (field.Count > 0 && random.Next(2) == 0 && !operation.Path.EndsWith("/import", StringComparison.Ordinal)
                    && !operation.Path.EndsWith("/token", StringComparison.Ordinal) && !operation.Path.Contains("/workflow/", StringComparison.Ordinal))
                {
                    padded[Pick(random, field)] = text;
                    padded.Remove("version"); // so a text field long enough to be valid still makes the write incomplete
                    padded["version"] = "not a number";
                }
                else padded["padding"] = text;
                body = Utf8(padded.ToJsonString());
                break;
            case "over 10 MB":
                body = new byte[10 * 1024 * 1024 + random.Next(1, 1_000_000)];
                Array.Fill(body, (byte)' ');
                body[0] = (byte)'{';
                break;
            case "truncated":
                var whole = Utf8(valid.ToJsonString());
                body = whole[..random.Next(0, Math.Max(1, whole.Length - 1))];
                if (body.Length == 0) body = "{"u8.ToArray();
                break;
            case "empty or null":
                body = Utf8(Pick(random, ["", "null", " ", "\"\"", "{}"]));
                if (Encoding.UTF8.GetString(body) == "{}" && !operation.Path.Contains("/workflow/", StringComparison.Ordinal)) body = Utf8("[]");
                break;
            case "not an object":
                body = Utf8(Pick(random, ["[]", "[{}]", "42", "\"text\"", "true", "1e400", "{}{}", "NaN", "undefined"]));
                break;
            case "control characters":
                body = Utf8(valid.ToJsonString().Insert(1, "\u0001\u0000 ") );
                break;
            default:
                body = Utf8(Break(valid, random, kind));
                break;
        }
        var request = new HttpRequestMessage(new HttpMethod(operation.Method), path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        return new Case($"{operation.Method} {operation.Path}", kind, request, Who(operation, random));
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary>The valid body with one thing broken, as JSON text.</summary>
    private static string Break(JsonNode valid, Random random, string kind)
    {
        var nodes = new List<(JsonObject Parent, string Key)>();
        Collect(valid, nodes);
        if (nodes.Count == 0) return kind == "duplicate property" ? "{\"version\":1,\"version\":1}" : "{\"version\":\"one\"}";
        var (parent, key) = nodes[random.Next(nodes.Count)];
        switch (kind)
        {
            case "unknown property":
                parent["unknown" + random.Next(1000)] = 1;
                return valid.ToJsonString();
            case "duplicate property":
                var text = valid.ToJsonString();
                var property = JsonSerializer.Serialize(key);
                var at = text.IndexOf(property + ":", StringComparison.Ordinal);
                var value = parent[key]?.ToJsonString() ?? "null";
                return at < 0 ? text : text.Insert(at, $"{property}:{value},");
            case "number beyond range":
                var numbers = nodes.Where(n => n.Parent[n.Key] is JsonValue v && v.GetValueKind() == JsonValueKind.Number).ToList();
                var (np, nk) = numbers.Count > 0 ? numbers[random.Next(numbers.Count)] : (parent, key);
                var marker = "\"@@beyond@@\"";
                np[nk] = "@@beyond@@";
                return valid.ToJsonString().Replace(marker, Pick(random, ["1e400", "-1e400", "79228162514264337593543950336", "2147483648", "-2147483649", "123456789012345678901234567890.5", "-9e99"]), StringComparison.Ordinal);
            default: // wrong type: a value of another JSON type than the one it has (never null, which may be allowed)
                parent[key] = parent[key] switch
                {
                    JsonValue v when v.GetValueKind() == JsonValueKind.String => Pick<JsonNode>(random, [JsonValue.Create(12)!, JsonValue.Create(true)!, new JsonObject(), new JsonArray()]),
                    JsonValue v when v.GetValueKind() == JsonValueKind.Number => Pick<JsonNode>(random, [JsonValue.Create("12")!, JsonValue.Create(false)!, new JsonObject(), new JsonArray()]),
                    JsonValue => Pick<JsonNode>(random, [JsonValue.Create("true")!, JsonValue.Create(1)!, new JsonArray()]),
                    JsonObject => Pick<JsonNode>(random, [JsonValue.Create("object")!, JsonValue.Create(7)!, new JsonArray()]),
                    JsonArray => Pick<JsonNode>(random, [JsonValue.Create("array")!, JsonValue.Create(7)!, new JsonObject { ["a"] = 1 }]),
                    _ => Pick<JsonNode>(random, [JsonValue.Create("x")!, JsonValue.Create(7)!, new JsonObject { ["a"] = 1 }, new JsonArray(1)]),
                };
                return valid.ToJsonString();
        }
    }

    private static void Collect(JsonNode? node, List<(JsonObject, string)> found)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (key, value) in o.ToList())
                {
                    found.Add((o, key));
                    Collect(value, found);
                }
                break;
            case JsonArray a:
                foreach (var item in a) Collect(item, found);
                break;
        }
    }

    /// <summary>Bytes that are no UTF-8, put inside a string of the body (where they would otherwise be text).</summary>
    private static byte[] InvalidUtf8(byte[] json, Random random)
    {
        byte[][] bad = [[0xFF], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xC3, 0x28], [0xE2, 0x82], [0xF8, 0x88, 0x80, 0x80, 0x80], [0x80]];
        var quotes = Enumerable.Range(0, json.Length).Where(i => json[i] == (byte)'"').ToList();
        var at = quotes.Count > 1 ? quotes[random.Next(quotes.Count)] + 1 : json.Length / 2;
        return [.. json[..at], .. bad[random.Next(bad.Length)], .. json[at..]];
    }

    /// <summary>Why this answer is not an RFC 7807 problem document with its request id; null when it is.</summary>
    private static string? ProblemDocumentFault(HttpResponseMessage response, string body)
    {
        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json") return $"content type {response.Content.Headers.ContentType}";
        try
        {
            using var problem = JsonDocument.Parse(body);
            var root = problem.RootElement;
            if (!root.TryGetProperty("status", out var status) || status.GetInt32() != (int)response.StatusCode) return "no status, or another one";
            if (!root.TryGetProperty("title", out var title) || string.IsNullOrWhiteSpace(title.GetString())) return "no title";
            if (!root.TryGetProperty("requestId", out var id) || id.GetString() != response.Headers.GetValues("X-Request-Id").Single()) return "no request id";
            return null;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException) { return e.Message; }
    }

    /// <summary>
    /// A request line Kestrel itself refuses (a NUL byte in the path) never reaches the app: Kestrel answers a bare 400
    /// and closes the connection. That is the one 4xx without a problem document, and only for such a path.
    /// </summary>
    private static bool KestrelRefusal(HttpResponseMessage response, string url) =>
        url.Contains("%00", StringComparison.Ordinal) && response.StatusCode == System.Net.HttpStatusCode.BadRequest
        && !response.Headers.Contains("X-Request-Id") && response.Headers.ConnectionClose == true;

    private static string Excerpt(string body) => body.Length <= 300 ? body : body[..300] + "…";
}
