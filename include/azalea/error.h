/*
 * error.h: status codes and the error record every fallible call fills.
 *
 * az_status is the only error channel of the library: functions return it and,
 * when they take an az_error *, describe the failure there (message and, for
 * model files, file:line:col). The library never calls exit() or abort().
 * A NULL az_error * is allowed everywhere: the code is still returned.
 */
#ifndef AZALEA_ERROR_H
#define AZALEA_ERROR_H

#include <stddef.h>

typedef enum az_status {
    AZ_OK = 0,
    AZ_ENOMEM,    /* an allocation failed; the object is unchanged */
    AZ_EINVAL,    /* an argument is out of its domain (e.g. a negative mean) */
    AZ_EPAST,     /* an event was scheduled before the calendar's clock */
    AZ_ENOTFOUND, /* no such pending event, name or key */
    AZ_EEMPTY,    /* nothing to pop */
    AZ_EBADMODEL, /* the model (file or API-built) is not valid */
    AZ_EIO,       /* a file could not be read or written */
    AZ_ERUNTIME,  /* the simulation could not go on (e.g. a deadlock) */
    AZ_ESTOPPED   /* stopped on request before any result (a signal) */
} az_status;

enum { AZ_ERROR_MSG_MAX = 512, AZ_ERROR_FILE_MAX = 256 };

typedef struct az_error {
    az_status code;
    char file[AZ_ERROR_FILE_MAX]; /* "" when the error has no source file */
    int line, col;                /* 1-based; 0 when unknown */
    char msg[AZ_ERROR_MSG_MAX];
} az_error;

/* A short constant description of a status code; never NULL. */
const char *az_strerror(az_status code);

/* Fills err (if not NULL) with code and a printf-style message, clears the
 * location, and returns code, so callers can write `return az_error_set(...)`. */
az_status az_error_set(az_error *err, az_status code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* Like az_error_set but also records where in a source file the problem is. */
az_status az_error_set_at(az_error *err, az_status code, const char *file,
                          int line, int col, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 6, 7)))
#endif
    ;

/* Resets err to AZ_OK with empty text. */
void az_error_clear(az_error *err);

#endif
