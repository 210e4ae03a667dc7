using System.Globalization;
using System.Text;

namespace CodeTether.Webhooks.Deliveries;

/// <summary>
/// Writes a flat object exactly as JavaScript's <c>JSON.stringify</c> writes it after <c>JSON.parse</c> of the same text:
/// no spaces, keys in order, non-ASCII as itself, only <c>"</c>, <c>\</c>, control characters and lone surrogates
/// escaped (lower-case hex). Receivers that verify the signature over <c>JSON.stringify(body)</c> then get our bytes back.
/// System.Text.Json escapes differently (emoji, <c>+</c>, upper-case hex), which would break those signatures.
/// </summary>
public static class JavaScriptJson
{
    /// <summary>Values may be strings, integers, booleans or null.</summary>
    public static byte[] Serialize(IEnumerable<KeyValuePair<string, object?>> properties)
    {
        var json = new StringBuilder("{");
        var first = true;
        foreach (var (name, value) in properties)
        {
            if (!first)
                json.Append(',');
            first = false;
            WriteString(json, name);
            json.Append(':');
            WriteValue(json, value);
        }
        return Encoding.UTF8.GetBytes(json.Append('}').ToString());
    }

    private static void WriteValue(StringBuilder json, object? value)
    {
        switch (value)
        {
            case null: json.Append("null"); break;
            case string text: WriteString(json, text); break;
            case bool flag: json.Append(flag ? "true" : "false"); break;
            case int or long: json.Append(Convert.ToString(value, CultureInfo.InvariantCulture)); break;
            default: throw new ArgumentException($"{value.GetType().Name} is not written by {nameof(JavaScriptJson)}.", nameof(value));
        }
    }

    private static void WriteString(StringBuilder json, string text)
    {
        json.Append('"');
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            switch (c)
            {
                case '"': json.Append("\\\""); break;
                case '\\': json.Append("\\\\"); break;
                case '\b': json.Append("\\b"); break;
                case '\f': json.Append("\\f"); break;
                case '\n': json.Append("\\n"); break;
                case '\r': json.Append("\\r"); break;
                case '\t': json.Append("\\t"); break;
                case < ' ': AppendEscape(json, c); break;
                case >= '\uD800' and <= '\uDBFF' when i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]):
                    json.Append(c).Append(text[++i]);
                    break;
                case >= '\uD800' and <= '\uDFFF': AppendEscape(json, c); break;
                default: json.Append(c); break;
            }
        }
        json.Append('"');
    }

    private static void AppendEscape(StringBuilder json, char c) =>
        json.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
}
