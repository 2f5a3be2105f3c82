/*
 * output_vfs.h: the SQLite VFS of the I/O fault tests (output_vfs.c).
 */
#ifndef AZALEA_OUTPUT_VFS_H
#define AZALEA_OUTPUT_VFS_H

#include <sqlite3.h>

#define AZI_FAULT_VFS "azalea-fault"

/* The VFS name to open results databases with: the fault VFS while a
 * fault is armed (az_io_fault), else NULL (SQLite's default). */
const char *azi_fault_vfs(void);

#endif
