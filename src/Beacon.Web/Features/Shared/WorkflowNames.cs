namespace Beacon.Web.Features.Shared;

/// <summary>A plan's status and a workflow step as the pages name them, in the request's language (the words are the core's <see cref="WorkflowText"/>).</summary>
public static class WorkflowNames
{
    public static string Status(PlanStatus status) => Ui.English ? WorkflowText.StatusEn(status) : WorkflowText.StatusZh(status);

    public static string Action(WorkflowAction action) => Ui.English ? WorkflowText.ActionEn(action) : WorkflowText.ActionZh(action);

    /// <summary>A recorded step by its stored name (Submit …, or the replacement of a plan by an import).</summary>
    public static string Action(string action) =>
        Enum.TryParse<WorkflowAction>(action, out var a) ? Action(a)
        : action == Interchange.PlanImporter.ReplaceAction ? (Ui.English ? "Replaced by import" : "匯入取代")
        : action == WorkflowRules.ReviseAction ? (Ui.English ? "Revision opened" : "開啟修正")
        : action;
}
