/* error.c: the az_error record and status descriptions. */
#include "azalea/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

const char *az_strerror(az_status code)
{
    switch (code) {
    case AZ_OK: return "success";
    case AZ_ENOMEM: return "out of memory";
    case AZ_EINVAL: return "invalid argument";
    case AZ_EPAST: return "event scheduled in the past";
    case AZ_ENOTFOUND: return "not found";
    case AZ_EEMPTY: return "empty";
    case AZ_EBADMODEL: return "invalid model";
    case AZ_EIO: return "input/output error";
    case AZ_ERUNTIME: return "simulation failed";
    case AZ_ESTOPPED: return "stopped on request";
    }
    return "unknown error";
}

void az_error_clear(az_error *err)
{
    if (!err)
        return;
    err->code = AZ_OK;
    err->file[0] = '\0';
    err->line = err->col = 0;
    err->msg[0] = '\0';
}

static void vset(az_error *err, az_status code, const char *file, int line,
                 int col, const char *fmt, va_list ap)
{
    err->code = code;
    snprintf(err->file, sizeof err->file, "%s", file ? file : "");
    err->line = line;
    err->col = col;
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
}

az_status az_error_set(az_error *err, az_status code, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        vset(err, code, NULL, 0, 0, fmt, ap);
        va_end(ap);
    }
    return code;
}

az_status az_error_set_at(az_error *err, az_status code, const char *file,
                          int line, int col, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        vset(err, code, file, line, col, fmt, ap);
        va_end(ap);
    }
    return code;
}
