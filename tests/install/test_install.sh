#!/bin/sh
# test_install.sh: azalea installed as a C library. `make install` into a
# scratch DESTDIR; a C program built against it with pkg-config, linked
# to the shared library and to the static one, gives the results the
# command gives; the shared library exports the public az_* names only;
# the installed command runs the built-in factory; the manual page and the
# bash completion name every option `azalea --help` names; `make
# uninstall` leaves nothing behind.
cd "$(dirname "$0")/../.."
. tests/lib.sh
ROOT="$TMP/root"
P=/usr/local
I="$ROOT$P"

expect "make install" 0 make -s install DESTDIR="$ROOT" PREFIX=$P
v=$(sed -n 's/^#define AZ_VERSION "\(.*\)"/\1/p' include/azalea/version.h)
for f in bin/azalea lib/libazalea.a "lib/libazalea.so.$v" lib/libazalea.so.0 \
         lib/libazalea.so lib/pkgconfig/azalea.pc include/azalea/model.h \
         share/man/man1/azalea.1 share/bash-completion/completions/azalea \
         share/doc/azalea/README.md share/doc/azalea/docs/model-format.md; do
    if [ -e "$I/$f" ]; then ok "installed $f"; else bad "installed $f"; fi
done
readelf -d "$I/lib/libazalea.so.$v" | grep SONAME >"$TMP/soname"
has "soname is libazalea.so.0" "$TMP/soname" "[libazalea.so.0]"

# Exports: the public names and the version node, nothing else.
nm -D --defined-only "$I/lib/libazalea.so.$v" |
    awk '{ sub(/@.*/, "", $3); print $3 }' >"$TMP/syms"
grep -v -e '^az_' -e '^AZALEA_0$' "$TMP/syms" >"$TMP/other"
if [ ! -s "$TMP/other" ] && grep -q '^az_sim_run$' "$TMP/syms"; then
    ok "only az_* exported ($(wc -l <"$TMP/syms") names)"
else bad "only az_* exported" "$(head -5 "$TMP/other")"; fi

# A program of a user's: an M/M/1 queue, its mean lead time printed.
cat >"$TMP/mm1.c" <<'C'
#include <stdio.h>
#include <azalea/experiment.h>
#include <azalea/model.h>
int main(void)
{
    az_error err;
    az_model *m;
    az_dist ia, svc;
    uint32_t st, p, src;
    az_summary *sum;
    if (az_model_create("mm1", &m, &err) ||
        az_dist_exponential(&ia, 1 / 0.5, &err) ||
        az_dist_exponential(&svc, 1.0, &err) ||
        az_model_add_station(m, "server", 1, &svc, &st, &err) ||
        az_model_add_product(m, "customer", &p, &err) ||
        az_model_add_step(m, p, st, NULL, &err) ||
        az_model_add_source(m, "arrivals", &ia, &src, &err) ||
        az_model_source_add_product(m, src, p, 1.0, &err)) {
        fprintf(stderr, "%s\n", err.msg);
        return 1;
    }
    az_experiment_config cfg = az_experiment_defaults();
    cfg.horizon = 2e4;
    cfg.warmup = 1e3;
    cfg.replications = 4;
    if (az_experiment_run(m, &cfg, &sum, &err)) {
        fprintf(stderr, "%s\n", err.msg);
        return 1;
    }
    size_t i = az_summary_metric_index(sum, AZ_SCOPE_SYSTEM, 0,
                                       AZ_M_LEAD_MEAN);
    printf("%.17g\n", az_summary_mean(sum, i));
    az_summary_free(sum);
    az_model_free(m);
    return 0;
}
C
PC="pkg-config --define-variable=prefix=$I"
export PKG_CONFIG_PATH="$I/lib/pkgconfig"
check "pkg-config knows azalea $v" sh -c "[ \"\$($PC --modversion azalea)\" = $v ]"
# shellcheck disable=SC2046
expect "build against the shared library" 0 cc -std=c11 -o "$TMP/mm1-shared" \
    "$TMP/mm1.c" $($PC --cflags --libs azalea)
expect "run against the shared library" 0 env LD_LIBRARY_PATH="$I/lib" \
    "$TMP/mm1-shared"
cp "$TMP/out" "$TMP/shared.out"
LD_LIBRARY_PATH="$I/lib" ldd "$TMP/mm1-shared" >"$TMP/ldd"
has "linked to libazalea.so.0" "$TMP/ldd" "libazalea.so.0 => $I/lib/"
# Static: libazalea.a, with the private dependencies pkg-config names.
# shellcheck disable=SC2046
expect "build against the static library" 0 cc -std=c11 -o "$TMP/mm1-static" \
    "$TMP/mm1.c" $($PC --cflags azalea) "$I/lib/libazalea.a" \
    $($PC --static --libs azalea | sed 's/-lazalea//')
expect "run against the static library" 0 "$TMP/mm1-static"
if ldd "$TMP/mm1-static" | grep -q libazalea; then
    bad "the static build needs no libazalea.so"
else ok "the static build needs no libazalea.so"; fi
same "shared and static give the same result" "$TMP/shared.out" "$TMP/out"
# W = 1 / (mu - lambda) = 2 for the M/M/1 above; 4 short replications
# land within 25 %.
if awk '{ exit !($1 > 1.5 && $1 < 2.5) }' "$TMP/out"; then
    ok "M/M/1 lead time near 2 ($(cat "$TMP/out"))"
else bad "M/M/1 lead time near 2" "$(cat "$TMP/out")"; fi

expect "installed azalea runs the factory" 0 "$I/bin/azalea" run \
    --horizon "2 d" --warmup "0 s" --reps 2 --threads 1
has "installed azalea prints results" "$TMP/out" "throughput (units/h)"

# Python finds the installed package, which finds the installed library.
py=$(/usr/bin/python3 -c 'import sys; print("%d.%d" % sys.version_info[:2])')
expect "python3 imports the installed azalea" 0 env \
    PYTHONPATH="$I/lib/python$py/dist-packages" LD_LIBRARY_PATH="$I/lib" \
    /usr/bin/python3 -c 'import azalea, os
assert azalea.__file__.startswith(os.environ["PYTHONPATH"])
r = azalea.load("examples/tutorial-line.yaml").run(
    replications=2, horizon="1 d", warmup="0 s")
print(azalea.version(), r.system["throughput"]["n"])'
has "the installed package runs" "$TMP/out" "$v 2"

# The manual page and the completion name every option of the help.
build/azalea --help 2>&1 | grep -o -- '--[a-z][a-z-]*' | sort -u >"$TMP/opts"
miss_man=""; miss_bash=""
while read -r o; do
    grep -qF -- "$(echo "$o" | sed 's/-/\\-/g')" docs/azalea.1 ||
        miss_man="$miss_man $o"
    [ "$o" = --help ] && continue
    grep -qF -- "$o" scripts/azalea.bash-completion || miss_bash="$miss_bash $o"
done <"$TMP/opts"
if [ -z "$miss_man" ]; then ok "man page names every option ($(wc -l <"$TMP/opts"))"
else bad "man page names every option" "missing:$miss_man"; fi
if [ -z "$miss_bash" ]; then ok "completion offers every option"
else bad "completion offers every option" "missing:$miss_bash"; fi
groff -man -ww -z "$I/share/man/man1/azalea.1" >"$TMP/groff" 2>&1
if [ ! -s "$TMP/groff" ]; then ok "man page renders without warnings"
else bad "man page renders without warnings" "$(head -5 "$TMP/groff")"; fi
if bash -c ". '$I/share/bash-completion/completions/azalea'
    COMP_WORDS=(azalea run --hor); COMP_CWORD=2; _azalea
    [ \"\${COMPREPLY[*]}\" = --horizon ]"; then ok "completion completes --hor"
else bad "completion completes --hor"; fi

expect "make uninstall" 0 make -s uninstall DESTDIR="$ROOT" PREFIX=$P
left=$(find "$ROOT" -type f -o -type l | head -5)
if [ -z "$left" ]; then ok "uninstall leaves no file"
else bad "uninstall leaves no file" "$left"; fi

summary
