/* version.c: the library version string (version.h). */
#include "azalea/version.h"

const char *az_version(void) { return AZ_VERSION; }
