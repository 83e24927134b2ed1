using System.Text;
using Beacon.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Web.Features.Account;

/// <summary>
/// Demo mode (the run command's default, setting Demo:Enabled): when there is no account yet, creates one account
/// per role with a random password, prints them once to the console and writes them to a file git ignores.
/// There is no fixed default password anywhere.
/// </summary>
public sealed class DemoAccounts(BeaconDb db, UserAdministration admin, AuditScope audit, ILogger<DemoAccounts> log)
{
    public static readonly IReadOnlyList<NewUser> Accounts =
    [
        new("admin@demo.beacon.tw", Roles.Administrator, DisplayName: "系統管理員"),
        new("planner@demo.beacon.tw", Roles.Planner, DisplayName: "研考會規劃人員"),
        new("reviewer@demo.beacon.tw", Roles.Reviewer, DisplayName: "研考會複核人員"),
        new("editor.dvpc@demo.beacon.tw", Roles.AgencyEditor, Organisation: "TPE-DVPC", DisplayName: "家防中心填報人員"),
        new("editor.dvpc.adult@demo.beacon.tw", Roles.AgencyEditor, Organisation: "TPE-DVPC", Divisions: ["成保組"], DisplayName: "家防中心成保組填報人員"),
        new("editor.city@demo.beacon.tw", Roles.AgencyEditor, Organisation: "TPE", DisplayName: "府級填報人員"),
        new("viewer@demo.beacon.tw", Roles.Viewer, DisplayName: "檢視人員"),
    ];

    public async Task CreateIfNoAccountsAsync(string file, CancellationToken ct = default)
    {
        if (await db.Users.AnyAsync(ct)) return;
        audit.UserName = "system (demo)";
        var lines = new StringBuilder("# Beacon demo accounts — random passwords, shown once. This file is not in git.\n");
        foreach (var account in Accounts)
        {
            if (account.Organisation is { } code && !await db.Organisations.AnyAsync(o => o.Code == code, ct)) continue;
            var (user, problems) = await admin.CreateAsync(account, ct);
            if (user is null) { log.LogWarning("Demo account {Email} not created: {Problems}", account.Email, string.Join("; ", problems)); continue; }
            lines.Append(account.Email).Append('\t').Append(account.Role).Append('\t').Append(user.Password).Append('\n');
        }
        await WritePrivateAsync(file, lines.ToString(), ct);
        Console.WriteLine($"Demo accounts (also in {file}):");
        Console.Write(lines.ToString());
    }

    /// <summary>Writes a file only its owner may read or write (0600 on Unix), also when an older, wider one is there.</summary>
    public static async Task WritePrivateAsync(string file, string text, CancellationToken ct = default)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            // The create mode applies to a new file only: narrow an existing one before anything is written to it.
            if (File.Exists(file)) File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        await using var stream = new FileStream(file, options);
        await using var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        await writer.WriteAsync(text.AsMemory(), ct);
    }
}
