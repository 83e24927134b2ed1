using Beacon.Core.Workflow;

namespace Beacon.Core.Tests.Workflow;

/// <summary>Which copy of a plan year each reader sees (PlanReading): the published version or the working copy.</summary>
public sealed class PlanReadingTests
{
    private static readonly Actor Viewer = new(Viewer: true);

    [Theory]
    [InlineData("anonymous", PlanStatus.Approved, 2, null, "version 2")]
    [InlineData("viewer", PlanStatus.Approved, 2, null, "version 2")]
    [InlineData("anonymous", PlanStatus.Draft, 2, null, "version 2")]      // a revision or a new cycle being prepared
    [InlineData("viewer", PlanStatus.Draft, 2, null, "working copy")]
    [InlineData("anonymous", PlanStatus.Draft, null, null, "nothing")]     // never approved
    [InlineData("anonymous", PlanStatus.Approved, null, null, "working copy")] // approved before versions were kept
    [InlineData("anonymous", PlanStatus.UnderReview, 3, 1, "version 1")]   // asked for by number, as it was
    [InlineData("viewer", PlanStatus.Draft, 3, 4, "nothing")]
    public void Each_reader_sees_one_copy(string who, PlanStatus status, int? published, int? asked, string expected)
    {
        var copy = PlanReading.For(who == "viewer" ? Viewer : Actor.Anonymous, status, published, asked);

        Assert.Equal(expected, copy is null ? "nothing" : copy.IsWorking ? "working copy" : $"version {copy.PublishedVersion}");
    }
}
