using Beacon.Web.Features.Account;

namespace Beacon.Web.Tests.Security;

/// <summary>The demo accounts' passwords are written to a file only its owner can read.</summary>
public sealed class DemoAccountsFileTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "beacon-demo-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task The_file_is_0600_when_new_and_when_a_wider_one_was_there()
    {
        if (OperatingSystem.IsWindows()) return; // no Unix modes
        var file = Path.Combine(folder, "App_Data", "demo-accounts.txt");

        await DemoAccounts.WritePrivateAsync(file, "admin@demo.beacon.tw\tadministrator\tsecret1\n");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));

        File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        await DemoAccounts.WritePrivateAsync(file, "admin@demo.beacon.tw\tadministrator\tsecret2\n");

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        Assert.Equal("admin@demo.beacon.tw\tadministrator\tsecret2\n", await File.ReadAllTextAsync(file));
    }
}
