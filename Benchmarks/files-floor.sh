#!/usr/bin/env bash
# The floor set by the file system: how long it takes only to create the files and folders of a built site,
# with the same names and sizes, and nothing else (no reading, parsing or rendering).
#
#   Benchmarks/files-floor.sh SITE [SITE ...]
#
# Each SITE is an output folder (Almanac's or Hugo's, built beforehand); its layout is recreated three times in
# new folders beside a scratch directory (default /tmp/almanac-floor, or $FLOOR) by a small C program, and the
# wall times are printed. Nothing is deleted until the end: creating files right after deleting many makes ext4
# skip the freed inodes one by one, which would time the deletion (see run.sh).
set -euo pipefail
scratch=${FLOOR:-/tmp/almanac-floor}
mkdir -p "$scratch"
cat >"$scratch/mk.c" <<'C'
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
static char buf[1 << 20];
static void parents(char *p) { for (char *s = p + 1; *s; s++) if (*s == '/') { *s = 0; mkdir(p, 0755); *s = '/'; } }
int main(int argc, char **argv) {
    FILE *list = fopen(argv[1], "r");
    long size; char rel[4096], path[8192];
    memset(buf, 'x', sizeof buf);
    mkdir(argv[2], 0755);
    while (fscanf(list, "%ld %4095s", &size, rel) == 2) {
        snprintf(path, sizeof path, "%s/%s", argv[2], rel + 2);
        parents(path);
        int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (fd < 0) { perror(path); return 1; }
        for (long left = size; left > 0;) { long n = left > (long)sizeof buf ? (long)sizeof buf : left; if (write(fd, buf, n) != n) return 1; left -= n; }
        close(fd);
    }
    return 0;
}
C
cc -O2 -o "$scratch/mk" "$scratch/mk.c"
for site in "$@"; do
  list=$scratch/$(echo "$site" | tr '/' '_').txt
  (cd "$site" && find . -type f -printf '%s %p\n') >"$list"
  files=$(wc -l <"$list"); folders=$(cd "$site" && find . -type d | wc -l)
  for run in 1 2 3; do
    start=$(date +%s%N)
    "$scratch/mk" "$list" "$scratch/run-$(date +%s%N)"
    echo "$site: $files files in $folders folders created in $(( ($(date +%s%N) - start) / 1000000 )) ms (run $run)"
  done
done
rm -rf "$scratch"
