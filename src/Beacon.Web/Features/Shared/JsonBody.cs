using Beacon.Core;
using Beacon.Core.Plans;
using Microsoft.Net.Http.Headers;

namespace Beacon.Web.Features.Shared;

/// <summary>
/// The one reader of JSON request bodies, for every endpoint (evaluation writes, workflow steps, the calendar,
/// import): a body that is not <c>application/json</c> is answered 415; one that is not UTF-8, not well-formed, holds
/// an escape that is no character, has a wrong type or an unknown name is answered 400 naming the place
/// (<see cref="JsonInput"/>). Nothing malformed gets further, and nothing throws.
/// </summary>
public static class JsonBody
{
    /// <summary>A read body: the value, or the answer to give instead.</summary>
    public sealed record Read<T>(T? Value, IResult? Refusal);

    /// <summary>Reads the body as <typeparamref name="T"/>; with <paramref name="empty"/>, a request without a body reads as it.</summary>
    public static async Task<Read<T>> ReadAsync<T>(HttpRequest request, T? empty = null) where T : class
    {
        if (empty is not null && request.ContentLength is null or 0 && request.Headers.TransferEncoding.Count == 0 && request.ContentType is null)
            return new(empty, null);
        var (text, refusal) = await ReadTextAsync(request);
        if (text is null) return new(null, refusal);
        if (empty is not null && text.Length == 0) return new(empty, null);
        var (value, problem) = JsonInput.Read<T>(text);
        return value is null ? new(null, WriteAnswer.Unreadable([problem!])) : new(value, null);
    }

    /// <summary>The body as text: 415 when it is not JSON, 400 when it is not UTF-8.</summary>
    public static async Task<(string? Text, IResult? Refusal)> ReadTextAsync(HttpRequest request)
    {
        if (!IsJson(request.ContentType)) return (null, WriteAnswer.NotJson());
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, request.HttpContext.RequestAborted);
        var (text, problem) = JsonInput.Decode(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
        return text is null ? (null, WriteAnswer.Unreadable([problem!])) : (text, null);
    }

    /// <summary><c>application/json</c>, with or without parameters (charset).</summary>
    public static bool IsJson(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var type) && type.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase);
}
