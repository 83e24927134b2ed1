#!/usr/bin/perl
# Samples the memory of a server and of the processes it started (the Chromium that prints), every 0.1 s, until killed:
#   perl bench/memory-sampler.pl SERVER_PID >samples
# One line a sample: seconds since the epoch, the server's resident set (VmRSS), the sum of the proportional set sizes
# (Pss) of its descendant processes, the anonymous part of that sum (Pss_Anon) and its file part (Pss_File: the
# program's, the fonts' and ICU's pages), all in kB. PSS divides a shared page among the processes that map it, so
# the sum counts Chromium's program and font pages once, not once a process.
use strict;
use warnings;
use Time::HiRes qw(time sleep);

my $server = shift or die "usage: $0 SERVER_PID\n";
$| = 1;

sub children {
    my ($pid) = @_;
    my @kids;
    for my $task (glob "/proc/$pid/task/*") {
        open my $f, '<', "$task/children" or next;
        push @kids, split ' ', (<$f> // '');
    }
    return map { ($_, children($_)) } @kids;
}

sub field {
    my ($file, @names) = @_;
    my %want = map { $_ => 0 } @names;
    open my $f, '<', $file or return map { 0 } @names;
    while (<$f>) { $want{$1} = $2 if /^(\w+):\s+(\d+)/ && exists $want{$1}; }
    return map { $want{$_} } @names;
}

while (kill 0, $server) {
    my $t = time;
    my ($rss) = field("/proc/$server/status", 'VmRSS');
    my ($pss, $anon, $file) = (0, 0, 0);
    for my $p (children($server)) {
        my ($a, $b, $c) = field("/proc/$p/smaps_rollup", 'Pss', 'Pss_Anon', 'Pss_File');
        $pss += $a; $anon += $b; $file += $c;
    }
    printf "%.2f %d %d %d %d\n", $t, $rss, $pss, $anon, $file;
    my $left = 0.1 - (time - $t);
    sleep $left if $left > 0;
}
