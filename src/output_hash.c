/*
 * output_hash.c: SHA-256 of model texts (nettle), so results can name the
 * exact model they came from: the same digest `sha256sum model.yaml`
 * prints, which a user can compare without azalea.
 */
#include "azalea/output.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <nettle/sha2.h>

static void to_hex(const uint8_t d[SHA256_DIGEST_SIZE], char hex[65])
{
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < SHA256_DIGEST_SIZE; i++) {
        hex[2 * i] = digits[d[i] >> 4];
        hex[2 * i + 1] = digits[d[i] & 15];
    }
    hex[64] = '\0';
}

void az_sha256_hex(const void *data, size_t len, char hex[65])
{
    struct sha256_ctx c;
    uint8_t d[SHA256_DIGEST_SIZE];
    sha256_init(&c);
    sha256_update(&c, len, data);
    sha256_digest(&c, sizeof d, d);
    to_hex(d, hex);
}

az_status az_sha256_file(const char *path, char hex[65], az_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return az_error_set(err, AZ_EIO, "%s: %s", path, strerror(errno));
    struct sha256_ctx c;
    uint8_t buf[16384], d[SHA256_DIGEST_SIZE];
    size_t n;
    sha256_init(&c);
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        sha256_update(&c, n, buf);
    int bad = ferror(f);
    int e = errno;
    fclose(f);
    if (bad)
        return az_error_set(err, AZ_EIO, "%s: %s", path, strerror(e));
    sha256_digest(&c, sizeof d, d);
    to_hex(d, hex);
    return AZ_OK;
}
