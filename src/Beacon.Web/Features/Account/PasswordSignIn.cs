using System.Security.Cryptography;
using System.Text;
using Beacon.Web.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Beacon.Web.Features.Account;

/// <summary>
/// How failed sign-ins slow later ones; <c>SignIn:*</c> in configuration (docs/security.md, "Signing in").
/// </summary>
public sealed class SignInSettings
{
    public const string Section = "SignIn";

    /// <summary>Failures for one account, from devices it has not signed in on, before its sign-ins are slowed.</summary>
    public int AccountFailures { get; set; } = 5;

    /// <summary>Failures from one client address, for any accounts, before sign-ins from it are slowed.</summary>
    public int AddressFailures { get; set; } = 20;

    /// <summary>Failures on a device an account has signed in on before that device is treated as unknown.</summary>
    public int DeviceFailures { get; set; } = 5;

    /// <summary>The first wait once a count is reached; each further failure doubles it.</summary>
    public int FirstDelaySeconds { get; set; } = 15;

    /// <summary>The longest wait.</summary>
    public int MaxDelaySeconds { get; set; } = 900;

    /// <summary>A count with no failure for this long starts again from nothing.</summary>
    public int ForgetAfterHours { get; set; } = 24;
}

public enum SignInVerdict { SignedIn, Refused, Slowed }

/// <summary>
/// <see cref="SignInVerdict.Refused"/> is the one answer for a wrong password, an unknown address and an account that
/// may not sign in; <see cref="SignInVerdict.Slowed"/> says how long to wait, the same for any address typed.
/// </summary>
public sealed record SignInOutcome(SignInVerdict Verdict, int RetryAfterSeconds = 0);

/// <summary>
/// Signing in with a password, for the sign-in page and <c>POST /api/token</c>. Failures are counted per account, per
/// client address and per known device (<see cref="SignInThrottle"/>, in the database so every instance counts alike);
/// past a count, attempts are slowed, not refused for good: the wait doubles with each further failure up to
/// <see cref="SignInSettings.MaxDelaySeconds"/>. A device the account has signed in on before (the
/// <see cref="DeviceCookie"/> cookie) is not slowed by what others did to the account or from its address, so a
/// stranger's guesses never lock the owner out. Nothing is written to the account itself: its sessions and bearer
/// tokens stay valid whatever is tried against it.
/// </summary>
public sealed class PasswordSignIn(SignInManager<BeaconUser> signIn, BeaconDb db, IOptions<SignInSettings> options,
    IDataProtectionProvider protection, TimeProvider clock)
{
    public const string DeviceCookie = "beacon.device";

    private static readonly TimeSpan DeviceLifetime = TimeSpan.FromDays(365);

    // Verified when the address is unknown, so that an unknown address takes as long to refuse as a wrong password.
    private static readonly Lazy<string> UnknownAccountHash = new(() =>
        new PasswordHasher<BeaconUser>().HashPassword(new BeaconUser(), Convert.ToHexString(RandomNumberGenerator.GetBytes(16))));

    private IDataProtector Devices => protection.CreateProtector("Beacon.SignIn.Device");

    public async Task<SignInOutcome> SignInAsync(HttpContext http, string email, string password, string scheme, CancellationToken ct = default)
    {
        var settings = options.Value;
        var now = clock.GetUtcNow();
        email = email.Trim();
        var user = email.Length == 0 ? null : await signIn.UserManager.FindByNameAsync(email);
        var device = user is null ? null : KnownDevice(http, user);
        var account = Key("account", signIn.UserManager.NormalizeEmail(email) ?? "");
        var address = Key("address", http.Connection.RemoteIpAddress?.ToString() ?? "unknown");
        var deviceKey = device is null ? null : Key("device", device);
        var keys = new[] { account, address, deviceKey }.OfType<string>().ToList();
        var counts = await db.SignInThrottles.AsNoTracking().Where(t => keys.Contains(t.Key)).ToDictionaryAsync(t => t.Key, ct);

        var trusted = deviceKey is not null && Failures(counts, deviceKey, now) < settings.DeviceFailures;
        if (!trusted)
        {
            var wait = Max(Wait(counts, account, settings.AccountFailures, now), Wait(counts, address, settings.AddressFailures, now));
            if (wait > TimeSpan.Zero)
            {
                Operations.BeaconMetrics.SignIn("slowed");
                return new SignInOutcome(SignInVerdict.Slowed, (int)Math.Ceiling(wait.TotalSeconds));
            }
        }

        var succeeded = user is not null
            ? (await signIn.CheckPasswordSignInAsync(user, password, lockoutOnFailure: false)).Succeeded
            : new PasswordHasher<BeaconUser>().VerifyHashedPassword(new BeaconUser(), UnknownAccountHash.Value, password) != PasswordVerificationResult.Failed;
        if (succeeded && user is not null)
        {
            // The cookie first: the bearer handler writes its token as the response body.
            RememberDevice(http, user, device ?? Guid.NewGuid().ToString("N"));
            signIn.AuthenticationScheme = scheme;
            await signIn.SignInAsync(user, isPersistent: false, authenticationMethod: "pwd");
            if (deviceKey is not null) await db.SignInThrottles.Where(t => t.Key == deviceKey).ExecuteDeleteAsync(ct);
            Operations.BeaconMetrics.SignIn("signed-in");
            return new SignInOutcome(SignInVerdict.SignedIn);
        }
        // The owner mistyping on their own device counts against that device only.
        foreach (var key in trusted ? new[] { deviceKey! } : new[] { account, address })
            await CountFailureAsync(key, now, ct);
        Operations.BeaconMetrics.SignIn("refused");
        return new SignInOutcome(SignInVerdict.Refused);
    }

    /// <summary>Until when sign-ins for this address, from devices it has not signed in on, are slowed (null: they are not).</summary>
    public async Task<IReadOnlyDictionary<string, DateTimeOffset>> SlowedAccountsAsync(IEnumerable<string> emails, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var byKey = emails.Distinct(StringComparer.OrdinalIgnoreCase).ToDictionary(e => Key("account", signIn.UserManager.NormalizeEmail(e) ?? ""), e => e);
        var keys = byKey.Keys.ToList();
        var counts = await db.SignInThrottles.AsNoTracking().Where(t => keys.Contains(t.Key)).ToDictionaryAsync(t => t.Key, ct);
        return byKey.Where(k => Wait(counts, k.Key, options.Value.AccountFailures, now) > TimeSpan.Zero)
            .ToDictionary(k => k.Value, k => now + Wait(counts, k.Key, options.Value.AccountFailures, now), StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Forgets the failures counted for this account (an administrator's unlock); true when there were any.</summary>
    public async Task<bool> ForgetAccountAsync(string email, CancellationToken ct = default)
    {
        var key = Key("account", signIn.UserManager.NormalizeEmail(email) ?? "");
        return await db.SignInThrottles.Where(t => t.Key == key).ExecuteDeleteAsync(ct) > 0;
    }

    private int Failures(IReadOnlyDictionary<string, SignInThrottle> counts, string key, DateTimeOffset now) =>
        counts.TryGetValue(key, out var count) && count.LastFailureAt > now - TimeSpan.FromHours(options.Value.ForgetAfterHours) ? count.Failures : 0;

    private TimeSpan Wait(IReadOnlyDictionary<string, SignInThrottle> counts, string key, int free, DateTimeOffset now)
    {
        var failures = Failures(counts, key, now);
        if (failures < free) return TimeSpan.Zero;
        var settings = options.Value;
        var delay = Math.Min(settings.MaxDelaySeconds, settings.FirstDelaySeconds * Math.Pow(2, Math.Min(30, failures - free)));
        var until = counts[key].LastFailureAt + TimeSpan.FromSeconds(delay);
        return until > now ? until - now : TimeSpan.Zero;
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    /// <summary>
    /// One more failure under the key, in one statement (two instances counting at once both count): the same SQL on
    /// SQLite and PostgreSQL. A count whose last failure is older than <see cref="SignInSettings.ForgetAfterHours"/> starts again.
    /// </summary>
    private async Task CountFailureAsync(string key, DateTimeOffset now, CancellationToken ct)
    {
        var forgotten = now - TimeSpan.FromHours(options.Value.ForgetAfterHours);
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO "SignInThrottles" ("Key", "Failures", "LastFailureAt") VALUES ({key}, 1, {now})
            ON CONFLICT ("Key") DO UPDATE SET
                "Failures" = CASE WHEN "SignInThrottles"."LastFailureAt" < {forgotten} THEN 1 ELSE "SignInThrottles"."Failures" + 1 END,
                "LastFailureAt" = {now}
            """, ct);
    }

    /// <summary>A digest, so the table holds no address that was merely typed at the sign-in form.</summary>
    private static string Key(string kind, string value) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(kind + ":" + value)));

    /// <summary>The device's id when its cookie was issued to this account, else null.</summary>
    private string? KnownDevice(HttpContext http, BeaconUser user)
    {
        if (!http.Request.Cookies.TryGetValue(DeviceCookie, out var cookie) || string.IsNullOrEmpty(cookie)) return null;
        try
        {
            var parts = Devices.Unprotect(cookie).Split('\n');
            return parts.Length == 2 && parts[0] == user.Id ? parts[1] : null;
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null; // forged, or made with a key that is gone
        }
    }

    private void RememberDevice(HttpContext http, BeaconUser user, string device) =>
        http.Response.Cookies.Append(DeviceCookie, Devices.Protect(user.Id + "\n" + device), new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Secure = http.Request.IsHttps,
            IsEssential = true,
            Path = "/",
            MaxAge = DeviceLifetime,
        });
}
