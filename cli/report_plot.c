/*
 * report_plot.c: runs the external programs that draw for the CLI, in a
 * temporary directory: gnuplot (Debian's gnuplot-nox, SVG terminal) on the
 * report's script, and Graphviz's dot on the line diagram (draw.c); and
 * reads back each SVG ready to inline in HTML: no XML prolog, an id on the
 * <svg> element, and the element ids repeated in every file made unique.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "report.h"

extern char **environ;

const char *cli_program(const char *what, const char *env,
                        const char *prog, const char *need, const char *pkg)
{
    const char *p = getenv(env);
    if (p && *p) {
        if (access(p, X_OK) == 0)
            return p;
        fprintf(stderr, "azalea: %s: %s='%s' is not an executable program\n",
                what, env, p);
        return NULL;
    }
    const char *path = getenv("PATH");
    char buf[4096];
    while (path && *path) {
        size_t len = strcspn(path, ":");
        if (len && snprintf(buf, sizeof buf, "%.*s/%s", (int)len, path,
                            prog) < (int)sizeof buf &&
            access(buf, X_OK) == 0)
            return prog;
        path += len + (path[len] == ':');
    }
    fprintf(stderr, "azalea: %s needs %s, and none is on the PATH (Debian: "
            "apt-get install %s)\n", what, need, pkg);
    return NULL;
}

const char *plot_program(void)
{
    return cli_program("--report", "AZALEA_GNUPLOT", "gnuplot",
                       "gnuplot to draw its charts", "gnuplot-nox");
}

char *cli_tmpdir(const char *what)
{
    const char *base = getenv("TMPDIR");
    char buf[4096];
    if (!base || !*base)
        base = "/tmp";
    if (snprintf(buf, sizeof buf, "%s/azalea-report-XXXXXX", base) >=
            (int)sizeof buf ||
        !mkdtemp(buf)) {
        fprintf(stderr, "azalea: %s: cannot make a temporary "
                "directory in %s: %s\n", what, base, strerror(errno));
        return NULL;
    }
    return strdup(buf);
}

char *plot_tmpdir(void) { return cli_tmpdir("--report"); }

/* Removes dir and the files in it (it has no subdirectories). */
void plot_rmdir(char *dir)
{
    if (!dir)
        return;
    DIR *d = opendir(dir);
    struct dirent *e;
    char buf[4096];
    while (d && (e = readdir(d)))
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..") &&
            snprintf(buf, sizeof buf, "%s/%s", dir, e->d_name) <
                (int)sizeof buf)
            remove(buf);
    if (d)
        closedir(d);
    rmdir(dir);
    free(dir);
}

char *plot_slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = NULL;
    size_t len = 0, cap = 0, n;
    do {
        if (cap - len < 65536) {
            char *b = realloc(buf, cap = cap * 2 + 65536);
            if (!b) {
                free(buf);
                fclose(f);
                return NULL;
            }
            buf = b;
        }
        n = fread(buf + len, 1, cap - len - 1, f);
        len += n;
    } while (n > 0);
    fclose(f);
    buf[len] = '\0';
    return buf;
}

/* Appends s[0..n) to the growing string *out. */
static int put(char **out, size_t *len, size_t *cap, const char *s, size_t n)
{
    if (*len + n + 1 > *cap) {
        size_t c = (*len + n + 1) * 2;
        char *b = realloc(*out, c);
        if (!b)
            return 0;
        *out = b;
        *cap = c;
    }
    memcpy(*out + *len, s, n);
    *len += n;
    (*out)[*len] = '\0';
    return 1;
}

char *plot_inline_svg(const char *raw, const char *id)
{
    const char *p = strstr(raw, "<svg");
    if (!p)
        return NULL;
    char *out = NULL;
    size_t len = 0, cap = 0;
    int ok = put(&out, &len, &cap, "<svg id=\"", 9) &&
             put(&out, &len, &cap, id, strlen(id)) &&
             put(&out, &len, &cap, "\" role=\"img\"", 12);
    p += 4;
    static const char *const marks[] = {"id='", "id=\"", "href='#", "url(#"};
    while (ok && *p) {
        const char *best = NULL;
        size_t blen = 0;
        for (size_t k = 0; k < sizeof marks / sizeof marks[0]; k++) {
            const char *q = strstr(p, marks[k]);
            if (q && (!best || q < best)) {
                best = q;
                blen = strlen(marks[k]);
            }
        }
        if (!best)
            return put(&out, &len, &cap, p, strlen(p)) ? out : (free(out), NULL);
        ok = put(&out, &len, &cap, p, (size_t)(best - p) + blen) &&
             put(&out, &len, &cap, id, strlen(id)) &&
             put(&out, &len, &cap, "-", 1);
        p = best + blen;
    }
    free(out);
    return NULL;
}

int cli_run(const char *what, const char *name, char *const argv[],
            const char *log)
{
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 1, log, O_WRONLY | O_CREAT | O_TRUNC,
                                     0644);
    posix_spawn_file_actions_adddup2(&fa, 1, 2);
    pid_t pid;
    int err = posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    int status = 0;
    if (err) {
        fprintf(stderr, "azalea: %s: cannot run %s: %s\n", what, argv[0],
                strerror(err));
        return 1;
    }
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        fprintf(stderr, "azalea: %s: %s failed:\n", what, name);
        char *msg = plot_slurp(log);
        if (msg)
            fputs(msg, stderr);
        free(msg);
        return 1;
    }
    return 0;
}

int plot_charts(const char *gnuplot, const char *dir, chart *c, size_t n)
{
    char script[4096], log[4096];
    snprintf(script, sizeof script, "%s/report.gp", dir);
    snprintf(log, sizeof log, "%s/gnuplot.log", dir);
    char *argv[] = {(char *)gnuplot, script, NULL};
    if (cli_run("--report", "gnuplot", argv, log))
        return 1;
    for (size_t i = 0; i < n; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s.svg", dir, c[i].id);
        char *raw = plot_slurp(path);
        c[i].svg = raw ? plot_inline_svg(raw, c[i].id) : NULL;
        free(raw);
        if (!c[i].svg) {
            fprintf(stderr, "azalea: --report: gnuplot drew no chart %s\n",
                    c[i].id);
            return 1;
        }
    }
    return 0;
}

az_outfile *report_open(const char *path)
{
    az_outfile *o;
    az_error err;
    if (az_outfile_open(path, "the report", &o, &err)) {
        fprintf(stderr, "azalea: %s\n", err.msg);
        return NULL;
    }
    return o;
}

int report_commit(az_outfile *o)
{
    az_error err;
    if (az_outfile_commit(o, &err)) {
        fprintf(stderr, "azalea: %s\n", err.msg);
        return 1;
    }
    return 0;
}
