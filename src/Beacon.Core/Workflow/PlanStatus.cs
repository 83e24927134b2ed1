namespace Beacon.Core.Workflow;

/// <summary>Where a plan year stands: draft → submitted → under review → approved, or returned with a comment.</summary>
public enum PlanStatus { Draft, Submitted, UnderReview, Approved, Returned }

/// <summary>A step a person can take on a plan year.</summary>
public enum WorkflowAction { Submit, StartReview, Approve, Return, Unlock }

/// <summary>The names of statuses and steps, in Traditional Chinese and English.</summary>
public static class WorkflowText
{
    public static string StatusZh(PlanStatus status) => status switch
    {
        PlanStatus.Draft => "草稿",
        PlanStatus.Submitted => "已送出",
        PlanStatus.UnderReview => "複核中",
        PlanStatus.Approved => "已核定",
        _ => "已退回",
    };

    public static string StatusEn(PlanStatus status) => status switch
    {
        PlanStatus.Draft => "a draft",
        PlanStatus.Submitted => "submitted",
        PlanStatus.UnderReview => "under review",
        PlanStatus.Approved => "approved",
        _ => "returned",
    };

    public static string ActionZh(WorkflowAction action) => action switch
    {
        WorkflowAction.Submit => "送出",
        WorkflowAction.StartReview => "開始複核",
        WorkflowAction.Approve => "核定",
        WorkflowAction.Return => "退回",
        _ => "解鎖",
    };

    public static string ActionEn(WorkflowAction action) => action switch
    {
        WorkflowAction.Submit => "Submit",
        WorkflowAction.StartReview => "Start review",
        WorkflowAction.Approve => "Approve",
        WorkflowAction.Return => "Return",
        _ => "Unlock",
    };

    /// <summary>The step as a past participle: "it cannot be {DoneEn} now".</summary>
    public static string DoneEn(WorkflowAction action) => action switch
    {
        WorkflowAction.Submit => "submitted",
        WorkflowAction.StartReview => "put under review",
        WorkflowAction.Approve => "approved",
        WorkflowAction.Return => "returned",
        _ => "unlocked",
    };
}
