namespace Beacon.Core.Plans;

public enum OrganisationKind { City, Agency, Division }

/// <summary>構面: the four balanced-scorecard perspectives, drawn top to bottom in this order by default.</summary>
public enum PerspectiveKind { Customer, Process, Learning, Financial }

/// <summary>Which way a KPI is better: higher (positive), lower (負向指標), within a band (±n), or judged (定性).</summary>
public enum Direction { Positive, Negative, Band, Qualitative }

/// <summary>實際值 or 目標值.</summary>
public enum ValueKind { Actual, Target }

public static class PerspectiveKinds
{
    /// <summary>The letter objective codes use for a perspective (AC1, AP1, AL1, AF1).</summary>
    public static char StandardLetter(this PerspectiveKind kind) => kind switch
    {
        PerspectiveKind.Customer => 'C',
        PerspectiveKind.Process => 'P',
        PerspectiveKind.Learning => 'L',
        PerspectiveKind.Financial => 'F',
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static string StandardName(this PerspectiveKind kind) => kind switch
    {
        PerspectiveKind.Customer => "顧客",
        PerspectiveKind.Process => "內部流程",
        PerspectiveKind.Learning => "學習成長",
        PerspectiveKind.Financial => "財務",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static string EnglishName(this PerspectiveKind kind) => kind switch
    {
        PerspectiveKind.Customer => "Customer",
        PerspectiveKind.Process => "Internal process",
        PerspectiveKind.Learning => "Learning and growth",
        PerspectiveKind.Financial => "Financial",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}
