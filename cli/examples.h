/* examples.h: the example models built into the CLI (scripts/embed). */
#ifndef AZALEA_CLI_EXAMPLES_H
#define AZALEA_CLI_EXAMPLES_H

#include <stddef.h>

struct az_cli_example {
    const char *name; /* what --example takes */
    const char *file; /* where it lives in the source tree */
    const char *text;
    size_t len;
};

/* Terminated by an entry with name NULL; the first is the default. */
extern const struct az_cli_example az_cli_examples[];

#endif
