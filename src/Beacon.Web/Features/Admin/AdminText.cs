using System.Globalization;
using Beacon.Web.Features.Shared;

namespace Beacon.Web.Features.Admin;

/// <summary>The words of user administration and first-run setup, in Traditional Chinese and English, chosen as <see cref="Ui"/> chooses.</summary>
public static class AdminText
{
    private static readonly Dictionary<string, (string Zh, string En)> Texts = new(StringComparer.Ordinal)
    {
        ["users.title"] = ("使用者管理", "Users"),
        ["users.intro"] = ("建立帳號、變更角色與解除鎖定。每一項變更都記入異動紀錄。", "Create accounts, change roles and unlock accounts. Every change is recorded in the audit trail."),
        ["users.list"] = ("帳號", "Accounts"),
        ["users.count"] = ("共 {0} 個帳號", "{0} accounts"),
        ["users.none"] = ("尚無帳號。", "No accounts yet."),
        ["users.email"] = ("電子郵件", "Email"),
        ["users.displayName"] = ("顯示名稱", "Display name"),
        ["users.role"] = ("角色", "Role"),
        ["users.organisation"] = ("所屬機關", "Organisation"),
        ["users.organisationHint"] = ("局處填報人員必填；其他角色不綁定機關", "Required for agency editors; other roles are not bound to one"),
        ["users.noOrganisation"] = ("（不指定）", "(none)"),
        ["users.divisions"] = ("科室（以逗號分隔）", "Divisions (comma-separated)"),
        ["users.divisionsHint"] = ("留空表示整個機關；例如：成保組, 兒少組", "Empty means the whole agency; e.g. 成保組, 兒少組"),
        ["users.status"] = ("狀態", "Status"),
        ["users.active"] = ("正常", "active"),
        ["users.lockedUntil"] = ("鎖定至 {0}", "locked until {0}"),
        ["users.slowedUntil"] = ("登入失敗過多，未知裝置須等到 {0}", "failed sign-ins: unknown devices wait until {0}"),
        ["users.create"] = ("建立帳號", "Create an account"),
        ["users.createButton"] = ("建立", "Create"),
        ["users.created"] = ("已建立帳號 {0}（{1}）。", "Created the account {0} ({1})."),
        ["users.password"] = ("密碼只顯示這一次，請立即以安全的方式交給本人：", "The password is shown this once; hand it to its owner safely now:"),
        ["users.change"] = ("變更", "Change"),
        ["users.save"] = ("儲存變更", "Save changes"),
        ["users.unlock"] = ("解除鎖定", "Unlock"),
        ["users.history"] = ("異動紀錄", "History"),
        ["users.saved"] = ("已更新帳號 {0}。", "Updated the account {0}."),
        ["users.unlocked"] = ("已解除 {0} 的鎖定。", "Unlocked {0}."),
        ["users.unchanged"] = ("沒有任何變更。", "Nothing changed."),
        ["users.errors"] = ("有欄位需要修正，尚未建立帳號。", "Some fields need correcting; no account was created."),
        ["users.missingEmail"] = ("請填寫電子郵件", "Enter the email address"),
        ["users.missingRole"] = ("請選擇角色", "Choose a role"),
        ["users.unknownRole"] = ("角色「{0}」不存在", "there is no role '{0}'"),
        ["users.unknownOrganisation"] = ("找不到機關「{0}」", "no organisation '{0}'"),
        ["users.editorNeedsOrganisation"] = ("局處填報人員必須指定所屬機關", "an agency editor must be bound to an organisation"),
        ["users.lastAdministrator"] = ("{0} 是唯一的系統管理員，不能變更其角色：請先指定另一位系統管理員", "{0} is the only administrator; make someone else an administrator first"),
        ["users.stale"] = ("{0} 在你開啟此頁後已被變更，你的修改未儲存。目前為：角色 {1}、所屬機關 {2}、科室 {3}。請確認後再儲存。",
            "{0} was changed after you opened this page; your change was not saved. It is now: role {1}, organisation {2}, divisions {3}. Check and save again."),
        ["users.notFound"] = ("找不到這個帳號", "There is no such account"),
        ["users.emailProblem"] = ("此電子郵件無法使用：{0}", "This email cannot be used: {0}"),
        ["role.administrator"] = ("系統管理員", "Administrator"),
        ["role.planner"] = ("研考會規劃人員", "Planner"),
        ["role.agency-editor"] = ("局處填報人員", "Agency editor"),
        ["role.reviewer"] = ("研考會複核人員", "Reviewer"),
        ["role.viewer"] = ("檢視人員", "Viewer"),
        ["setup.title"] = ("初次設定", "First-run setup"),
        ["setup.intro"] = ("系統尚無系統管理員。請建立第一位系統管理員的帳號；建立後即以此帳號登入，並可在「使用者管理」建立其他帳號。", "There is no administrator yet. Create the first administrator's account; you will be signed in with it and can then create the other accounts under Users."),
        ["setup.confirm"] = ("再次輸入密碼", "Confirm the password"),
        ["setup.passwordRule"] = ("密碼至少 12 個字元，須含小寫英文字母與數字", "At least 12 characters, with lowercase letters and digits"),
        ["setup.mismatch"] = ("兩次輸入的密碼不同", "The two passwords differ"),
        ["setup.missingPassword"] = ("請填寫密碼", "Enter a password"),
        ["setup.create"] = ("建立系統管理員並登入", "Create the administrator and sign in"),
        ["setup.errors"] = ("有欄位需要修正，尚未建立帳號。", "Some fields need correcting; no account was created."),
    };

    public static string T(string key) => Texts.TryGetValue(key, out var t) ? (Ui.English ? t.En : t.Zh) : key;

    public static string T(string key, params object?[] args) => string.Format(CultureInfo.CurrentCulture, T(key), args);

    public static string Role(string role) => Texts.ContainsKey("role." + role) ? T("role." + role) : role;
}
