using System.Globalization;
using System.Text.Json;
using Beacon.Core;
using Beacon.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Web.Features.Audit;

/// <summary>
/// The filter of the audit trail as typed into the GET form (or a link: <c>/audit?org=TPE&amp;year=2021&amp;code=AC1.1</c>).
/// The page and the CSV export apply the same filter. Years may be Gregorian (2021) or ROC (110); dates are Taipei
/// calendar days, both ends included.
/// </summary>
public sealed class AuditFilter
{
    public string? Org { get; set; }
    public string? Year { get; set; }
    public string? User { get; set; }
    public string? Entity { get; set; }
    public string? Code { get; set; }
    public string? Action { get; set; }
    public string? From { get; set; }
    public string? To { get; set; }

    /// <summary>What is wrong with the typed filter, by field; a wrong field is left out of the filter.</summary>
    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);

    /// <summary>The entries the filter selects (not tracked), in no particular order.</summary>
    public IQueryable<AuditEntry> Apply(BeaconDb db)
    {
        Errors.Clear();
        var start = Day("from", From) is { } from ? AuditTrail.StartOfTaipeiDay(from) : (DateTimeOffset?)null;
        var end = Day("to", To) is { } to ? AuditTrail.StartOfTaipeiDay(to.AddDays(1)) : (DateTimeOffset?)null;
        IQueryable<AuditEntry> entries;
        if (db.Database.IsSqlite() && (start is not null || end is not null))
        {
            // SQLite keeps a DateTimeOffset as text, which EF does not compare; julianday() reads it, offset included.
            var after = (start ?? DateTimeOffset.MinValue.ToUniversalTime()).ToString("yyyy-MM-dd HH:mm:ss+00:00", CultureInfo.InvariantCulture);
            var before = (end ?? new DateTimeOffset(9999, 1, 1, 0, 0, 0, TimeSpan.Zero)).ToString("yyyy-MM-dd HH:mm:ss+00:00", CultureInfo.InvariantCulture);
            entries = db.AuditEntries.FromSql(
                $"SELECT * FROM \"AuditEntries\" WHERE julianday(\"At\") >= julianday({after}) AND julianday(\"At\") < julianday({before})");
        }
        else
        {
            entries = db.AuditEntries;
            if (start is { } s) entries = entries.Where(e => e.At >= s);
            if (end is { } e2) entries = entries.Where(e => e.At < e2);
        }
        entries = entries.AsNoTracking();
        if (Clean(Org) is { } org) entries = entries.Where(e => e.OrganisationCode == org);
        if (Clean(Year) is { } yearText)
        {
            if (ParseYear(yearText) is { } year) entries = entries.Where(e => e.Year == year);
            else Errors["year"] = AuditText.T("badYear", yearText);
        }
        if (Clean(User) is { } user) entries = entries.Where(e => e.UserName == user);
        if (Clean(Entity) is { } entity) entries = entries.Where(e => e.Entity == entity);
        if (Clean(Action) is { } action) entries = entries.Where(e => e.Action == action);
        if (Clean(Code) is { } code)
        {
            // AC1.1 means AC1.1 itself and what hangs under it (AC1.1.2, "AC1.1 2022 Actual"), not AC1.10.
            var dot = code + ".";
            var space = code + " ";
            entries = entries.Where(e => e.Code == code || e.Code!.StartsWith(dot) || e.Code!.StartsWith(space));
        }
        return entries;
    }

    /// <summary>The filter as a query string (with a leading ?, or empty), plus extra parameters such as paging.</summary>
    public string QueryString(params (string Name, string? Value)[] extra)
    {
        var parts = Parts().Concat(extra).Where(p => p.Value is not null).Select(p => new KeyValuePair<string, string?>(p.Name, p.Value));
        return Microsoft.AspNetCore.Http.QueryString.Create(parts).ToUriComponent();
    }

    private IEnumerable<(string Name, string? Value)> Parts() =>
    [
        ("org", Clean(Org)), ("year", Clean(Year)), ("user", Clean(User)), ("entity", Clean(Entity)), ("code", Clean(Code)),
        ("action", Clean(Action)), ("from", Clean(From)), ("to", Clean(To)),
    ];

    private DateOnly? Day(string field, string? text)
    {
        if (Clean(text) is not { } value) return null;
        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)) return day;
        Errors[field] = AuditText.T("badDate", value);
        return null;
    }

    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    /// <summary>2021 or the ROC year 110 (民國110年 = 2021).</summary>
    public static int? ParseYear(string? text)
    {
        if (Clean(text) is not { } value) return null;
        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var year)) return null;
        return year switch
        {
            >= 1 and < 200 => RocYear.ToGregorian(year),
            >= 1900 and <= 2200 => year,
            _ => null,
        };
    }
}

/// <summary>One row of the trail as a page shows it. A plan document (import) is left in the database: see <see cref="IsDocument"/>.</summary>
public sealed record AuditRow(
    long Id, DateTimeOffset At, string UserName, string Action, string Entity, string? EntityKey, string? Code,
    string? OrganisationCode, int? Year, string? OldValues, string? NewValues, bool IsDocument, bool HasOldDocument)
{
    /// <summary>The KPI or objective code the entry is about ("AC1.1" of "AC1.1 2022 Actual"), for a per-KPI link.</summary>
    public string? KpiCode => Entity is nameof(Kpi) or nameof(KpiValue) or nameof(KpiInput) or nameof(KpiAssessment) or nameof(KpiPart)
        or nameof(Objective) or nameof(ActionPlan)
        ? Code?.Split(' ', 2)[0] is { Length: > 0 } first ? first : null
        : null;
}

/// <summary>One field of a change: its value before and after (null when it had none or the side is absent).</summary>
public sealed record FieldChange(string Field, string? Old, string? New);

/// <summary>A plan document recorded by an import: what it holds, read from the document itself.</summary>
public sealed record DocumentSummary(string? Organisation, int? Year, int Themes, int Objectives, int Kpis, int Characters, bool Readable);

public static class AuditTrail
{
    public const int PageSize = 50;

    /// <summary>The account changes (entity "User"): who was given which role, locked out, unlocked.</summary>
    public const string UserEntity = "User";

    /// <summary>
    /// What this reader may see: everything for administrators; for every other reader the plans' changes only, not
    /// the administration of accounts.
    /// </summary>
    public static IQueryable<AuditEntry> VisibleTo(this IQueryable<AuditEntry> entries, System.Security.Claims.ClaimsPrincipal reader) =>
        reader.IsInRole(Roles.Administrator) ? entries : entries.Where(e => e.Entity != UserEntity);

    /// <summary>Anyone signed in with a role may read the trail (account administration: administrators only, see <see cref="VisibleTo"/>).</summary>
    public const string Readers = Roles.Administrator + "," + Roles.Planner + "," + Roles.AgencyEditor + "," + Roles.Reviewer + "," + Roles.Viewer;

    /// <summary>Taipei keeps UTC+8 all year (no daylight saving since 1979).</summary>
    public static readonly TimeSpan Taipei = TimeSpan.FromHours(8);

    public static DateTimeOffset StartOfTaipeiDay(DateOnly day) =>
        new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), Taipei).ToUniversalTime();

    public static DateTimeOffset InTaipei(DateTimeOffset at) => at.ToOffset(Taipei);

    /// <summary>The instant for a &lt;time datetime&gt; attribute: ISO 8601 in UTC (2021-12-31T15:59:00Z).</summary>
    public static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    /// <summary>Imports record whole plan documents before and after; those are summarised and downloaded, not shown.</summary>
    public static bool IsDocument(string entity, string action) => entity == nameof(Plan) && action is "import" or "import-replace";

    /// <summary>The trail newest first, without the documents of imports (they can be megabytes each).</summary>
    public static IQueryable<AuditRow> Rows(IQueryable<AuditEntry> entries) =>
        entries.Select(e => new AuditRow(e.Id, e.At, e.UserName, e.Action, e.Entity, e.EntityKey, e.Code, e.OrganisationCode, e.Year,
            e.Entity == nameof(Plan) && (e.Action == "import" || e.Action == "import-replace") ? null : e.OldValues,
            e.Entity == nameof(Plan) && (e.Action == "import" || e.Action == "import-replace") ? null : e.NewValues,
            e.Entity == nameof(Plan) && (e.Action == "import" || e.Action == "import-replace"),
            e.OldValues != null));

    /// <summary>
    /// The fields of the old and new JSON objects side by side, new fields first in their order. A field without a
    /// value on either side (a new row's empty columns) is left out. Text that is not a JSON object is one "value" row.
    /// </summary>
    public static IReadOnlyList<FieldChange> Changes(string? oldValues, string? newValues)
    {
        var old = Fields(oldValues);
        var @new = Fields(newValues);
        var names = @new.Keys.Concat(old.Keys).Distinct(StringComparer.Ordinal);
        return [.. names
            .Select(n => new FieldChange(n, old.GetValueOrDefault(n), @new.GetValueOrDefault(n)))
            .Where(c => c.Old is not null || c.New is not null)];
    }

    private static Dictionary<string, string?> Fields(string? json)
    {
        var fields = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(json)) return fields;
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                fields["value"] = Show(document.RootElement);
                return fields;
            }
            foreach (var property in document.RootElement.EnumerateObject()) fields[property.Name] = Show(property.Value);
        }
        catch (JsonException)
        {
            fields["value"] = json.Length > 500 ? json[..500] + "…" : json;
        }
        return fields;
    }

    private static string? Show(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Array when value.GetArrayLength() == 0 => null,
        JsonValueKind.Array when value.EnumerateArray().All(v => v.ValueKind == JsonValueKind.String) =>
            string.Join("、", value.EnumerateArray().Select(v => v.GetString())),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => value.GetRawText(),
    };

    /// <summary>What an imported plan document holds: organisation, year and counts, without loading it into the model.</summary>
    public static DocumentSummary Summarise(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            string? organisation = root.TryGetProperty("organisation", out var o) && o.ValueKind == JsonValueKind.Object
                ? (o.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : null)
                  ?? (o.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null)
                : null;
            int? year = root.TryGetProperty("year", out var y) && y.TryGetInt32(out var yy) ? yy : null;
            var themes = Count(root, "themes");
            var objectives = Count(root, "objectives");
            var kpis = root.TryGetProperty("objectives", out var list) && list.ValueKind == JsonValueKind.Array
                ? list.EnumerateArray().Sum(x => Count(x, "kpis"))
                : 0;
            return new DocumentSummary(organisation, year, themes, objectives, kpis, json.Length, true);
        }
        catch (JsonException)
        {
            return new DocumentSummary(null, null, 0, 0, 0, json.Length, false);
        }

        static int Count(JsonElement element, string name) =>
            element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var a) && a.ValueKind == JsonValueKind.Array ? a.GetArrayLength() : 0;
    }

    /// <summary>The link to the trail of one KPI or objective, one plan year, or one person.</summary>
    public static string Link(string? org = null, int? year = null, string? code = null, string? user = null) =>
        "/audit" + QueryString.Create(new (string, string?)[] { ("org", org), ("year", year?.ToString(CultureInfo.InvariantCulture)), ("code", code), ("user", user) }
            .Where(p => p.Item2 is not null).Select(p => new KeyValuePair<string, string?>(p.Item1, p.Item2))).ToUriComponent();
}
