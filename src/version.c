/* version.c */
#include "azalea/version.h"

const char *az_version(void) { return AZ_VERSION; }
