using Beacon.Core;

namespace Beacon.Web.Features.Shared;

/// <summary>
/// What <c>_Pager.cshtml</c> draws for one page of a long list: the page, the address of any other page, the pager's
/// name for screen readers and the line saying which rows are shown.
/// </summary>
public sealed record Pager(ListPage Rows, Func<int, string> Url, string Label, string Shown);
