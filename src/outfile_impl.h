/*
 * outfile_impl.h: what outfile.c lends the other writers (the CSV set, the
 * SQLite fault VFS): paths, temporaries and the fault check.
 */
#ifndef AZALEA_OUTFILE_IMPL_H
#define AZALEA_OUTFILE_IMPL_H

#include "azalea/output.h"

enum { AZI_PATH_MAX = 4096 };

/* 1 if az_io_fault armed op's count and this call is the n-th: errno is
 * then EIO and the caller must fail as if the system call had. */
int azi_io_fault(az_io_op op);
/* Any fault armed (the SQLite writer then opens through its fault VFS). */
int azi_io_fault_armed(void);

/* path with every symbolic link followed, even to a target that does not
 * exist yet (then out is where it would be). -1 with errno on failure. */
int azi_resolve(const char *path, char out[AZI_PATH_MAX]);
/* Removes dir/.BASE.tmp-PID-* (files, or directories of files) whose
 * process PID no longer exists: what a killed writer left. */
void azi_remove_stale(const char *dir, const char *base);
/* A fresh name dir/.BASE.KIND-PID-RAND (KIND "tmp"). */
void azi_tmp_name(char *buf, size_t size, const char *dir, const char *base,
                  const char *kind);
/* Removes dir and the files in it. */
void azi_remove_tree(const char *dir);
/* fsync of a directory; best effort. */
void azi_sync_dir(const char *dir);
/* Creates path (which must not exist) and writes it directly, with no
 * temporary: for files inside a temporary directory. Messages name it
 * `shown`. Commit fsyncs it; abort, or a failed commit, removes it. */
az_status azi_outfile_direct(const char *path, const char *shown,
                             az_outfile **out, az_error *err);

#endif
