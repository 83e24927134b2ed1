namespace Beacon.Core.Workflow;

/// <summary>Which copy of a plan year a reader is shown: the working copy (the plan as stored), or a published version.</summary>
public sealed record PlanCopy(int? PublishedVersion)
{
    public static readonly PlanCopy Working = new((int?)null);

    public static PlanCopy Published(int version) => new(version);

    public bool IsWorking => PublishedVersion is null;
}

/// <summary>
/// The one decision of which copy of a plan year a reader sees. Approving a plan freezes a published version; the
/// public keeps reading the latest one while a newer draft or revision is prepared, and so does everyone while the plan
/// is approved (a published version holds the organisation's names as they were approved). People who may see the
/// working copy's status see it while it is being prepared. A version asked for by number is shown to anyone, as it was.
/// </summary>
public static class PlanReading
{
    /// <summary>
    /// The copy <paramref name="reader"/> sees of a plan in <paramref name="status"/> whose latest published version is
    /// <paramref name="latestPublished"/> (null: none yet); <paramref name="asked"/> is a version asked for by number.
    /// Null when the reader may see nothing of it (the same answer as no plan at all).
    /// </summary>
    public static PlanCopy? For(Actor reader, PlanStatus status, int? latestPublished, int? asked = null)
    {
        if (asked is { } number)
            return latestPublished is { } latest && number >= 1 && number <= latest ? PlanCopy.Published(number) : null;
        if (status == PlanStatus.Approved && latestPublished is { } approved) return PlanCopy.Published(approved);
        if (reader.CanSee(status)) return PlanCopy.Working;
        return latestPublished is { } published ? PlanCopy.Published(published) : null;
    }

    /// <summary>Whether the reader sees anything of the plan year (a published version, or the working copy).</summary>
    public static bool Readable(Actor reader, PlanStatus status, int? latestPublished) => For(reader, status, latestPublished) is not null;
}
