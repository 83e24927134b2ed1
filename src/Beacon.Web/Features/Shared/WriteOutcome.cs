using Beacon.Core;

namespace Beacon.Web.Features.Shared;

/// <summary>
/// The outcome of every write: done, the record was not found, or refused with the core's problems. Each problem
/// says its kind (<see cref="ProblemKind"/>), and the kinds decide the one HTTP status of the answer
/// (<see cref="StatusCode"/>), for an API answer (<see cref="WriteAnswer"/>) and a form shown again alike.
/// </summary>
public sealed record WriteOutcome(IReadOnlyList<Problem> Problems, bool Found = true)
{
    public static readonly WriteOutcome Done = new([]);
    public static readonly WriteOutcome NotFound = new([], Found: false);

    public static WriteOutcome Refused(IReadOnlyList<Problem> problems) => new(problems);

    public bool Succeeded => Found && Problems.Count == 0;

    /// <summary>This person may not make the change (a form answers with the sign-in or access-denied page).</summary>
    public bool Forbidden => Problems.Any(p => p.Kind == ProblemKind.Forbidden);

    /// <summary>The plan's status does not allow the change now.</summary>
    public bool Locked => Problems.Any(p => p.Kind == ProblemKind.Locked);

    /// <summary>What the write would create exists already, or something elsewhere stands on what it would remove.</summary>
    public bool Conflict => Problems.Any(p => p.Kind == ProblemKind.Conflict);

    /// <summary>
    /// 204 done; 404 not found, or every problem names something that does not exist; 403 forbidden; 428 no version
    /// sent; 409 stale, locked or in conflict (every problem); 400 otherwise.
    /// </summary>
    public int StatusCode =>
        !Found ? StatusCodes.Status404NotFound
        : Problems.Count == 0 ? StatusCodes.Status204NoContent
        : Forbidden ? StatusCodes.Status403Forbidden
        : Problems.All(p => p.Kind == ProblemKind.Unknown) ? StatusCodes.Status404NotFound
        : Problems.Any(p => p.Kind == ProblemKind.VersionRequired) ? StatusCodes.Status428PreconditionRequired
        : Problems.All(p => p.Kind is ProblemKind.Stale or ProblemKind.Locked or ProblemKind.Conflict) ? StatusCodes.Status409Conflict
        : StatusCodes.Status400BadRequest;
}
