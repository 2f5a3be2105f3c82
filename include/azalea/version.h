/* version.h: the library version, reported in every output file. */
#ifndef AZALEA_VERSION_H
#define AZALEA_VERSION_H

#define AZ_VERSION "0.1.0"

/* AZ_VERSION of the library linked in: a static string, never NULL. */
const char *az_version(void);

#endif
