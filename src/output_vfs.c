/*
 * output_vfs.c: an SQLite VFS over the default one whose writes, syncs and
 * file opens go through az_io_fault, so the fault tests (tests/fault/) fail
 * the results database's I/O at the n-th call like the other writers'.
 * It is used only while a fault is armed; otherwise SQLite's own VFS runs
 * untouched.
 */
#include "output_vfs.h"

#include <pthread.h>
#include <string.h>

#include "outfile_impl.h"

typedef struct ffile {
    sqlite3_file base;
    sqlite3_file *real; /* follows this struct, szOsFile of the real VFS */
} ffile;

static sqlite3_vfs fvfs;
static sqlite3_vfs *real_vfs;

#define REAL(f) (((ffile *)(f))->real)

static int f_close(sqlite3_file *f)
{
    int rc = REAL(f)->pMethods ? REAL(f)->pMethods->xClose(REAL(f))
                               : SQLITE_OK;
    return rc;
}
static int f_read(sqlite3_file *f, void *b, int n, sqlite3_int64 off)
{
    return REAL(f)->pMethods->xRead(REAL(f), b, n, off);
}
static int f_write(sqlite3_file *f, const void *b, int n, sqlite3_int64 off)
{
    if (azi_io_fault(AZ_IO_WRITE))
        return SQLITE_IOERR_WRITE;
    return REAL(f)->pMethods->xWrite(REAL(f), b, n, off);
}
static int f_truncate(sqlite3_file *f, sqlite3_int64 size)
{
    return REAL(f)->pMethods->xTruncate(REAL(f), size);
}
static int f_sync(sqlite3_file *f, int flags)
{
    if (azi_io_fault(AZ_IO_SYNC))
        return SQLITE_IOERR_FSYNC;
    return REAL(f)->pMethods->xSync(REAL(f), flags);
}
static int f_size(sqlite3_file *f, sqlite3_int64 *size)
{
    return REAL(f)->pMethods->xFileSize(REAL(f), size);
}
static int f_lock(sqlite3_file *f, int l)
{
    return REAL(f)->pMethods->xLock(REAL(f), l);
}
static int f_unlock(sqlite3_file *f, int l)
{
    return REAL(f)->pMethods->xUnlock(REAL(f), l);
}
static int f_reserved(sqlite3_file *f, int *out)
{
    return REAL(f)->pMethods->xCheckReservedLock(REAL(f), out);
}
static int f_control(sqlite3_file *f, int op, void *arg)
{
    return REAL(f)->pMethods->xFileControl(REAL(f), op, arg);
}
static int f_sector(sqlite3_file *f)
{
    return REAL(f)->pMethods->xSectorSize(REAL(f));
}
static int f_device(sqlite3_file *f)
{
    return REAL(f)->pMethods->xDeviceCharacteristics(REAL(f));
}

/* Version 1: no shared memory or mmap, which a rollback journal (the
 * default) does not need. */
static const sqlite3_io_methods fmethods = {
    1, f_close, f_read, f_write, f_truncate, f_sync, f_size, f_lock,
    f_unlock, f_reserved, f_control, f_sector, f_device,
    NULL, NULL, NULL, NULL, NULL, NULL};

static int f_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *f,
                  int flags, int *out_flags)
{
    (void)vfs;
    ffile *ff = (ffile *)f;
    ff->base.pMethods = NULL;
    ff->real = (sqlite3_file *)(ff + 1);
    if (azi_io_fault(AZ_IO_OPEN))
        return SQLITE_CANTOPEN;
    int rc = real_vfs->xOpen(real_vfs, name, ff->real, flags, out_flags);
    if (rc == SQLITE_OK)
        ff->base.pMethods = &fmethods;
    return rc;
}

static void init(void)
{
    real_vfs = sqlite3_vfs_find(NULL);
    if (!real_vfs)
        return;
    fvfs = *real_vfs;
    fvfs.zName = AZI_FAULT_VFS;
    fvfs.szOsFile = (int)sizeof(ffile) + real_vfs->szOsFile;
    fvfs.xOpen = f_open;
    fvfs.pNext = NULL;
    if (sqlite3_vfs_register(&fvfs, 0) != SQLITE_OK)
        real_vfs = NULL;
}

const char *azi_fault_vfs(void)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    if (!azi_io_fault_armed())
        return NULL;
    pthread_once(&once, init);
    return real_vfs ? AZI_FAULT_VFS : NULL;
}
