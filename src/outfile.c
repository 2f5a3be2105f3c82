/*
 * outfile.c: how every result file is written, so that no reader, failure
 * or crash ever sees anything but the old output or the whole new one.
 * The JSON, the CSV set, the trace and the CLI's report and sweep CSV all
 * go through here; so the I/O faults the tests inject are injected here.
 *
 * Design notes (what must stay true):
 * 1. A regular file, or a path that does not exist yet, is written to a
 *    temporary of its own in the same directory, ".NAME.tmp-PID-RAND",
 *    created with O_EXCL (mode 0666 less the umask, or the old file's
 *    mode), fsync'd, renamed over NAME, and the directory fsync'd.
 *    rename() is atomic, so NAME is always either file whole, and
 *    concurrent writers each install a complete file of their own.
 * 2. Anything else is written in place and never replaced: "-" (standard
 *    output), a character device (/dev/null stays a device), a FIFO.
 * 3. A symbolic link is followed to its final target, even a target that
 *    does not exist yet; the target is replaced and the link stays.
 * 4. A temporary left by a killed process (SIGKILL, a power cut) cannot
 *    be prevented. Its name holds the creator's pid, and the next write
 *    to the same target removes those whose process no longer exists.
 * 5. Every byte goes through one write function (a stdio cookie), every
 *    create, fsync and rename through a fault check: a test arms
 *    az_io_fault and the n-th such call fails with EIO.
 */
#define _GNU_SOURCE /* fopencookie, renameat2 */
#include "azalea/output.h"
#include "util/alloc.h"
#include "outfile_impl.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

/* ---- fault injection ---- */

/* The one mutable static state of the library, and only for tests (as
 * SQLite's test controls): 0 = off. Atomic, as writers may run on any
 * thread. */
static atomic_ulong fault_at[AZ_IO_NOPS], fault_count[AZ_IO_NOPS];
static atomic_int fault_fired, fault_armed;

void az_io_fault(az_io_op op, unsigned long n)
{
    if ((unsigned)op >= AZ_IO_NOPS)
        return;
    atomic_store(&fault_count[op], 0);
    atomic_store(&fault_at[op], n);
    atomic_store(&fault_fired, 0);
    int armed = 0;
    for (int k = 0; k < AZ_IO_NOPS; k++)
        armed |= atomic_load(&fault_at[k]) != 0;
    atomic_store(&fault_armed, armed);
}

int az_io_fault_fired(void) { return atomic_load(&fault_fired); }

int azi_io_fault_armed(void) { return atomic_load(&fault_armed); }

int azi_io_fault(az_io_op op)
{
    if (!atomic_load(&fault_armed))
        return 0;
    unsigned long at = atomic_load(&fault_at[op]);
    if (at && atomic_fetch_add(&fault_count[op], 1) + 1 == at) {
        atomic_store(&fault_fired, 1);
        errno = EIO;
        return 1;
    }
    return 0;
}

/* ---- paths ---- */

/* dir and base of path: dir is "." for a bare name. 0 if too long. */
static int split(const char *path, char dir[AZI_PATH_MAX], const char **base)
{
    const char *slash = strrchr(path, '/');
    if (!slash) {
        strcpy(dir, ".");
        *base = path;
        return 1;
    }
    size_t n = slash == path ? 1 : (size_t)(slash - path);
    if (n >= AZI_PATH_MAX)
        return 0;
    memcpy(dir, path, n);
    dir[n] = '\0';
    *base = slash + 1;
    return 1;
}

int azi_resolve(const char *path, char out[AZI_PATH_MAX])
{
    if (strlen(path) >= AZI_PATH_MAX) {
        errno = ENAMETOOLONG;
        return -1;
    }
    strcpy(out, path);
    for (int hops = 0; hops < 40; hops++) {
        struct stat sb;
        if (lstat(out, &sb) != 0)
            return errno == ENOENT ? 0 : -1;
        if (!S_ISLNK(sb.st_mode))
            return 0;
        char link[AZI_PATH_MAX], dir[AZI_PATH_MAX];
        const char *base;
        ssize_t n = readlink(out, link, sizeof link - 1);
        if (n < 0)
            return -1;
        link[n] = '\0';
        if (link[0] == '/') {
            strcpy(out, link);
            continue;
        }
        if (!split(out, dir, &base) ||
            snprintf(out, AZI_PATH_MAX, "%s/%s", dir, link) >= AZI_PATH_MAX) {
            errno = ENAMETOOLONG;
            return -1;
        }
    }
    errno = ELOOP;
    return -1;
}

/* A name no other writer picks: the pid, and a counter mixed with the
 * clock (O_EXCL settles the rest). */
void azi_tmp_name(char *buf, size_t size, const char *dir, const char *base,
                     const char *kind)
{
    static atomic_uint seq;
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    uint64_t x = (uint64_t)ts.tv_nsec * 0x9E3779B97F4A7C15u ^
                 ((uint64_t)atomic_fetch_add(&seq, 1) << 40) ^
                 (uint64_t)ts.tv_sec;
    x ^= x >> 29;
    snprintf(buf, size, "%s/.%s.%s-%ld-%06llx", dir, base, kind,
             (long)getpid(), (unsigned long long)(x & 0xffffff));
}

/* Removes dir and the files in it (a temporary directory of ours). */
void azi_remove_tree(const char *dir)
{
    DIR *d = opendir(dir);
    if (d) {
        struct dirent *e;
        char p[AZI_PATH_MAX];
        while ((e = readdir(d)))
            if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..") &&
                snprintf(p, sizeof p, "%s/%s", dir, e->d_name) < (int)sizeof p)
                unlink(p);
        closedir(d);
    }
    rmdir(dir);
}

void azi_remove_stale(const char *dir, const char *base)
{
    char prefix[AZI_PATH_MAX], p[AZI_PATH_MAX];
    int n = snprintf(prefix, sizeof prefix, ".%s.tmp-", base);
    if (n <= 0 || n >= (int)sizeof prefix)
        return;
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (strncmp(e->d_name, prefix, (size_t)n))
            continue;
        char *end;
        long pid = strtol(e->d_name + n, &end, 10);
        /* Only a process that is gone: a live one is still writing. */
        if (end == e->d_name + n || *end != '-' || pid <= 0 ||
            pid == (long)getpid() || kill((pid_t)pid, 0) == 0 ||
            errno != ESRCH)
            continue;
        if (snprintf(p, sizeof p, "%s/%s", dir, e->d_name) >= (int)sizeof p)
            continue;
        struct stat sb;
        if (lstat(p, &sb) == 0 && S_ISDIR(sb.st_mode))
            azi_remove_tree(p);
        else
            unlink(p);
    }
    closedir(d);
}

/* ---- the stream ---- */

struct az_outfile {
    enum { K_STDOUT, K_INPLACE, K_REPLACE, K_DIRECT } kind;
    FILE *f;
    int fd;
    int err;       /* first errno of a failed write */
    const char *what; /* "JSON", "the trace": messages about stdout */
    char path[AZI_PATH_MAX]; /* as given: messages */
    char target[AZI_PATH_MAX]; /* the file replaced or written */
    char tmp[AZI_PATH_MAX];    /* K_REPLACE: the temporary */
};

static ssize_t ck_write(void *cookie, const char *buf, size_t size)
{
    az_outfile *o = cookie;
    size_t done = 0;
    while (done < size) {
        if (azi_io_fault(AZ_IO_WRITE)) {
            o->err = EIO;
            return -1;
        }
        ssize_t n = write(o->fd, buf + done, size - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            o->err = n < 0 ? errno : ENOSPC;
            return done ? (ssize_t)done : -1;
        }
        done += (size_t)n;
    }
    return (ssize_t)done;
}

static az_status open_stream(az_outfile *o, az_error *err)
{
    cookie_io_functions_t io = {NULL, ck_write, NULL, NULL};
    o->f = fopencookie(o, "w", io);
    if (!o->f)
        return az_error_set(err, AZ_ENOMEM, "%s: out of memory", o->path);
    setvbuf(o->f, NULL, _IOFBF, 1 << 16);
    return AZ_OK;
}

/* Fills err with path and reason e; AZ_EIO. */
static az_status fail(az_error *err, const az_outfile *o, int e)
{
    if (o->kind == K_STDOUT)
        return az_error_set(err, AZ_EIO, "cannot write %s to stdout: %s",
                            o->what, strerror(e));
    return az_error_set(err, AZ_EIO, "%s: %s", o->path, strerror(e));
}

/* A new file at path, mode 0666 less the umask (or `mode`, if >= 0). */
static int create(const char *path, int mode)
{
    if (azi_io_fault(AZ_IO_OPEN))
        return -1;
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd >= 0 && mode >= 0 && fchmod(fd, (mode_t)mode) != 0) {
        int e = errno;
        close(fd);
        unlink(path);
        errno = e;
        return -1;
    }
    return fd;
}

az_status azi_outfile_direct(const char *path, const char *shown,
                             az_outfile **out, az_error *err)
{
    *out = NULL;
    az_outfile *o = azi_calloc(1, sizeof *o);
    if (!o)
        return az_error_set(err, AZ_ENOMEM, "out of memory");
    o->kind = K_DIRECT;
    o->what = "the output";
    snprintf(o->path, sizeof o->path, "%s", shown);
    snprintf(o->target, sizeof o->target, "%s", path);
    if ((o->fd = create(path, -1)) < 0) {
        az_status rc = fail(err, o, errno);
        free(o);
        return rc;
    }
    az_status rc = open_stream(o, err);
    if (rc) {
        close(o->fd);
        unlink(path);
        free(o);
        return rc;
    }
    *out = o;
    return AZ_OK;
}

az_status az_outfile_open(const char *path, const char *what,
                          az_outfile **out, az_error *err)
{
    *out = NULL;
    az_outfile *o = azi_calloc(1, sizeof *o);
    if (!o)
        return az_error_set(err, AZ_ENOMEM, "out of memory");
    o->what = what ? what : "the output";
    o->fd = -1;
    snprintf(o->path, sizeof o->path, "%s", path);
    if (!strcmp(path, "-")) {
        o->kind = K_STDOUT;
        o->f = stdout;
        *out = o;
        return AZ_OK;
    }
    o->kind = K_REPLACE; /* until known: messages name the path */
    az_status rc = AZ_OK;
    struct stat sb;
    int exists = 0;
    if (strlen(path) >= sizeof o->path || azi_resolve(path, o->target) != 0) {
        rc = fail(err, o, strlen(path) >= sizeof o->path ? ENAMETOOLONG
                                                         : errno);
        goto out;
    }
    if (stat(o->target, &sb) == 0)
        exists = 1;
    else if (errno != ENOENT) {
        rc = fail(err, o, errno);
        goto out;
    }
    if (exists && S_ISDIR(sb.st_mode)) {
        rc = fail(err, o, EISDIR);
    } else if (exists && !S_ISREG(sb.st_mode)) {
        /* A device or FIFO: written as it is, never replaced. */
        o->kind = K_INPLACE;
        if (azi_io_fault(AZ_IO_OPEN) ||
            (o->fd = open(o->target, O_WRONLY | O_NOCTTY | O_CLOEXEC)) < 0)
            rc = fail(err, o, errno);
    } else {
        o->kind = K_REPLACE;
        char dir[AZI_PATH_MAX];
        const char *base;
        if (!split(o->target, dir, &base)) {
            rc = fail(err, o, ENAMETOOLONG);
            goto out;
        }
        azi_remove_stale(dir, base);
        for (int tries = 0; tries < 100 && o->fd < 0; tries++) {
            azi_tmp_name(o->tmp, sizeof o->tmp, dir, base, "tmp");
            o->fd = create(o->tmp, exists ? (int)(sb.st_mode & 07777) : -1);
            if (o->fd < 0 && errno != EEXIST)
                break;
        }
        if (o->fd < 0)
            rc = fail(err, o, errno);
    }
    if (!rc && (rc = open_stream(o, err)) && o->kind == K_REPLACE)
        unlink(o->tmp);
out:
    if (rc) {
        if (o->fd >= 0)
            close(o->fd);
        free(o);
        return rc;
    }
    *out = o;
    return AZ_OK;
}

FILE *az_outfile_stream(az_outfile *o) { return o->f; }

/* Flushes and closes the stream and the descriptor (fsync'd first when it
 * is a file of its own); the first errno of a failure, else 0. */
static int finish(az_outfile *o, int sync)
{
    int e = 0;
    if (fflush(o->f) != 0 || ferror(o->f))
        e = o->err ? o->err : errno ? errno : EIO;
    if (o->kind == K_STDOUT)
        return e;
    fclose(o->f); /* the cookie: frees the FILE, leaves the descriptor */
    if (!e && o->err)
        e = o->err;
    if (!e && sync && (azi_io_fault(AZ_IO_SYNC) || fsync(o->fd) != 0))
        e = errno;
    if (close(o->fd) != 0 && !e && errno != EINTR)
        e = errno;
    return e;
}

/* fsync of a directory, so a rename in it survives a power cut. Best
 * effort: some file systems refuse it, and the rename has happened. */
void azi_sync_dir(const char *dir)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
}

az_status az_outfile_commit(az_outfile *o, az_error *err)
{
    if (!o)
        return AZ_OK;
    az_status rc = AZ_OK;
    int e = finish(o, o->kind == K_REPLACE || o->kind == K_DIRECT);
    if (e)
        rc = fail(err, o, e);
    if (o->kind == K_REPLACE) {
        if (!rc && (azi_io_fault(AZ_IO_RENAME) ||
                    rename(o->tmp, o->target) != 0))
            rc = fail(err, o, errno);
        if (rc) {
            unlink(o->tmp);
        } else {
            char dir[AZI_PATH_MAX];
            const char *base;
            if (split(o->target, dir, &base))
                azi_sync_dir(dir);
        }
    } else if (rc && o->kind == K_DIRECT) {
        unlink(o->target);
    }
    free(o);
    return rc;
}

void az_outfile_abort(az_outfile *o)
{
    if (!o)
        return;
    finish(o, 0);
    if (o->kind == K_REPLACE)
        unlink(o->tmp);
    else if (o->kind == K_DIRECT)
        unlink(o->target);
    free(o);
}

/* ---- checks before a run ---- */

/* Creates, writes 4 KiB to and removes a file in dir: what a result file
 * will need, found before a long run rather than after it. */
static int probe(const char *dir, const char *base)
{
    struct statvfs vs;
    if (statvfs(dir, &vs) == 0 &&
        (geteuid() == 0 ? vs.f_bfree : vs.f_bavail) == 0) {
        errno = ENOSPC;
        return -1;
    }
    char p[AZI_PATH_MAX];
    int fd = -1;
    for (int tries = 0; tries < 100 && fd < 0; tries++) {
        azi_tmp_name(p, sizeof p, dir, base, "tmp");
        fd = open(p, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        if (fd < 0 && errno != EEXIST)
            return -1;
    }
    if (fd < 0)
        return -1;
    char block[4096] = {0};
    ssize_t n = write(fd, block, sizeof block);
    int e = n == (ssize_t)sizeof block ? 0 : n < 0 ? errno : ENOSPC;
    close(fd);
    unlink(p);
    errno = e;
    return e ? -1 : 0;
}

/* The nearest existing directory at or above path (path itself if it is
 * one), into dir. */
static int existing_ancestor(const char *path, char dir[AZI_PATH_MAX])
{
    snprintf(dir, AZI_PATH_MAX, "%s", path);
    for (;;) {
        struct stat sb;
        if (stat(dir, &sb) == 0) {
            if (S_ISDIR(sb.st_mode))
                return 0;
            errno = ENOTDIR;
            return -1;
        }
        if (errno != ENOENT)
            return -1;
        char *slash = strrchr(dir, '/');
        if (!slash)
            strcpy(dir, ".");
        else if (slash == dir)
            dir[1] = '\0';
        else
            *slash = '\0';
    }
}

az_status az_output_check(const char *path, az_output_kind kind,
                          az_error *err)
{
    if (!strcmp(path, "-"))
        return AZ_OK;
    char target[AZI_PATH_MAX], dir[AZI_PATH_MAX];
    const char *base;
    struct stat sb;
    if (azi_resolve(path, target) != 0 || !split(target, dir, &base))
        return az_error_set(err, AZ_EIO, "%s: %s", path,
                            strerror(errno ? errno : ENAMETOOLONG));
    int exists = stat(target, &sb) == 0;
    if (!exists && errno != ENOENT)
        return az_error_set(err, AZ_EIO, "%s: %s", path, strerror(errno));
    if (kind == AZ_OUT_DIR) {
        if (exists && !S_ISDIR(sb.st_mode))
            return az_error_set(err, AZ_EIO, "%s: %s", path,
                                strerror(ENOTDIR));
        if (exists) {
            /* The new set is built next to it, or in it (design notes of
             * output_csv.c); either must be writable. */
            if (probe(dir, base) == 0 || probe(target, base) == 0)
                return AZ_OK;
            return az_error_set(err, AZ_EIO, "%s: cannot write there: %s",
                                path, strerror(errno));
        }
        if (existing_ancestor(target, dir) != 0)
            return az_error_set(err, AZ_EIO, "%s: %s", path, strerror(errno));
        if (probe(dir, ".azalea") != 0)
            return az_error_set(err, AZ_EIO, "%s: cannot create it in %s: %s",
                                path, dir, strerror(errno));
        return AZ_OK;
    }
    if (exists && S_ISDIR(sb.st_mode))
        return az_error_set(err, AZ_EIO, "%s: %s", path, strerror(EISDIR));
    if (exists && !S_ISREG(sb.st_mode)) {
        if (access(target, W_OK) != 0)
            return az_error_set(err, AZ_EIO, "%s: %s", path, strerror(errno));
        return AZ_OK;
    }
    if (probe(dir, base) != 0)
        return az_error_set(err, AZ_EIO, "%s: cannot write in %s: %s", path,
                            dir, strerror(errno));
    return AZ_OK;
}
