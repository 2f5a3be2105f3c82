/*
 * test_outfile.c: replacing a result file (az_outfile_*): a new file's
 * mode follows the umask and a replaced one keeps its own, symbolic links
 * are followed (a chain, a dangling one), abort leaves nothing, the
 * temporaries of dead writers are removed and a live one's kept, and
 * az_output_check refuses what could not be written.
 */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "output_fixture.h"

static char base[64];

static int setup(void **state)
{
    (void)state;
    strcpy(base, "/tmp/azalea-outfile-XXXXXX");
    assert_non_null(mkdtemp(base));
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", base);
    assert_int_equal(system(cmd), 0);
    return 0;
}

/* Entries of base, but for . and .. */
static int entries(void)
{
    DIR *d = opendir(base);
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)))
        n += strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
    closedir(d);
    return n;
}

static void put(const char *path, const char *text)
{
    az_outfile *o;
    az_error err;
    assert_int_equal(az_outfile_open(path, NULL, &o, &err), AZ_OK);
    fputs(text, az_outfile_stream(o));
    if (az_outfile_commit(o, &err))
        fail_msg("%s", err.msg);
}

static void test_modes(void **state)
{
    (void)state;
    char p[128];
    snprintf(p, sizeof p, "%s/a.txt", base);
    mode_t old = umask(027);
    put(p, "one");
    umask(old);
    struct stat sb;
    assert_int_equal(stat(p, &sb), 0);
    assert_int_equal(sb.st_mode & 0777, 0640);
    assert_int_equal(chmod(p, 0604), 0);
    put(p, "two");
    assert_int_equal(stat(p, &sb), 0);
    assert_int_equal(sb.st_mode & 0777, 0604);
    char *t = fx_read(p, NULL);
    assert_string_equal(t, "two");
    free(t);
    assert_int_equal(entries(), 1);
    unlink(p);
}

static void test_links(void **state)
{
    (void)state;
    char a[128], b[128], c[128], real[128];
    /* c -> b -> sub/real.txt, relative links */
    snprintf(real, sizeof real, "%s/sub", base);
    assert_int_equal(mkdir(real, 0777), 0);
    snprintf(real, sizeof real, "%s/sub/real.txt", base);
    snprintf(b, sizeof b, "%s/b", base);
    snprintf(c, sizeof c, "%s/c", base);
    assert_int_equal(symlink("sub/real.txt", b), 0);
    assert_int_equal(symlink("b", c), 0);
    put(c, "dangling at first"); /* the target is created */
    char *t = fx_read(real, NULL);
    assert_string_equal(t, "dangling at first");
    free(t);
    put(c, "replaced");
    t = fx_read(real, NULL);
    assert_string_equal(t, "replaced");
    free(t);
    struct stat sb;
    assert_int_equal(lstat(c, &sb), 0);
    assert_true(S_ISLNK(sb.st_mode));
    assert_int_equal(lstat(b, &sb), 0);
    assert_true(S_ISLNK(sb.st_mode));
    /* A loop is an error, not a hang. */
    snprintf(a, sizeof a, "%s/loop", base);
    assert_int_equal(symlink("loop", a), 0);
    az_outfile *o;
    az_error err;
    assert_int_equal(az_outfile_open(a, NULL, &o, &err), AZ_EIO);
    assert_null(o);
    if (!strstr(err.msg, "loop: Too many levels of symbolic links"))
        fail_msg("%s", err.msg);
    unlink(a);
    unlink(b);
    unlink(c);
    unlink(real);
    snprintf(real, sizeof real, "%s/sub", base);
    rmdir(real);
}

static void test_abort(void **state)
{
    (void)state;
    char p[128];
    snprintf(p, sizeof p, "%s/kept.txt", base);
    fx_write(p, "old");
    az_outfile *o;
    az_error err;
    assert_int_equal(az_outfile_open(p, NULL, &o, &err), AZ_OK);
    fputs("new", az_outfile_stream(o));
    assert_int_equal(entries(), 2); /* the file and its temporary */
    az_outfile_abort(o);
    assert_int_equal(entries(), 1);
    char *t = fx_read(p, NULL);
    assert_string_equal(t, "old");
    free(t);
    az_outfile_abort(NULL);
    assert_int_equal(az_outfile_commit(NULL, &err), AZ_OK);
    /* A directory is not replaced. */
    assert_int_equal(az_outfile_open(base, NULL, &o, &err), AZ_EIO);
    assert_non_null(strstr(err.msg, "Is a directory"));
    unlink(p);
}

static void test_stale(void **state)
{
    (void)state;
    pid_t dead = fork();
    if (dead == 0)
        _exit(0);
    assert_true(dead > 0);
    assert_int_equal(waitpid(dead, NULL, 0), dead);
    char p[128], gone[160], live[160], other[160];
    snprintf(p, sizeof p, "%s/r.json", base);
    snprintf(gone, sizeof gone, "%s/.r.json.tmp-%ld-abc123", base, (long)dead);
    snprintf(live, sizeof live, "%s/.r.json.tmp-%ld-abc123", base,
             (long)getppid());
    snprintf(other, sizeof other, "%s/.s.json.tmp-%ld-abc123", base,
             (long)dead);
    fx_write(gone, "killed mid-write");
    fx_write(live, "still being written");
    fx_write(other, "another target's");
    put(p, "{}");
    assert_int_equal(access(gone, F_OK), -1);
    assert_int_equal(access(live, F_OK), 0);
    assert_int_equal(access(other, F_OK), 0);
    unlink(live);
    unlink(other);
    unlink(p);
}

static void test_check(void **state)
{
    (void)state;
    char p[128];
    az_error err;
    assert_int_equal(az_output_check("-", AZ_OUT_FILE, &err), AZ_OK);
    snprintf(p, sizeof p, "%s/new.json", base);
    assert_int_equal(az_output_check(p, AZ_OUT_FILE, &err), AZ_OK);
    assert_int_equal(az_output_check(base, AZ_OUT_FILE, &err), AZ_EIO);
    assert_non_null(strstr(err.msg, "Is a directory"));
    assert_int_equal(az_output_check("/nonexistent-dir/x.json", AZ_OUT_FILE,
                                     &err), AZ_EIO);
    assert_string_equal(err.msg, "/nonexistent-dir/x.json: cannot write in "
                                 "/nonexistent-dir: No such file or directory");
    /* A set's directory: created with its parents, or an existing one. */
    snprintf(p, sizeof p, "%s/a/b/c", base);
    assert_int_equal(az_output_check(p, AZ_OUT_DIR, &err), AZ_OK);
    assert_int_equal(az_output_check(base, AZ_OUT_DIR, &err), AZ_OK);
    snprintf(p, sizeof p, "%s/file", base);
    fx_write(p, "x");
    assert_int_equal(az_output_check(p, AZ_OUT_DIR, &err), AZ_EIO);
    assert_non_null(strstr(err.msg, "Not a directory"));
    assert_int_equal(az_output_check("/dev/null", AZ_OUT_FILE, &err), AZ_OK);
    unlink(p);
    assert_int_equal(entries(), 0); /* the checks leave nothing */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_modes),
        cmocka_unit_test(test_links),
        cmocka_unit_test(test_abort),
        cmocka_unit_test(test_stale),
        cmocka_unit_test(test_check),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
