using System.Text;

namespace Beacon.Web.Tests.Infrastructure;

public static class BytesAssert
{
    /// <summary>Byte for byte; on a difference, says where (byte and line) and shows the text around it.</summary>
    public static void Equal(byte[] expected, byte[] actual)
    {
        if (expected.AsSpan().SequenceEqual(actual)) return;
        var at = 0;
        while (at < Math.Min(expected.Length, actual.Length) && expected[at] == actual[at]) at++;
        var line = 1 + expected.AsSpan(0, at).Count((byte)'\n');
        Assert.Fail($"{actual.Length} bytes differ from the expected {expected.Length} from byte {at} (line {line}): " +
            $"expected «{Excerpt(expected, at)}», got «{Excerpt(actual, at)}»");

        static string Excerpt(byte[] bytes, int at) =>
            Encoding.UTF8.GetString(bytes, Math.Max(0, at - 40), Math.Min(bytes.Length, at + 40) - Math.Max(0, at - 40));
    }
}
