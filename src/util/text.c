/*
 * text.c: strings made safe to show in a message (text.h).
 *
 * The copy is written byte by byte, each byte as itself or as its escape,
 * while at least 4 bytes of buf stay free ("..." and the NUL).
 * Invariant: buf[0..o) is always a whole number of UTF-8 characters of
 * the source (or their escapes), so that a cut never leaves half a
 * character for a terminal to garble: when the next byte is a
 * continuation byte, the bytes already written of its character are taken
 * back before "..." is added.
 */
#include "util/text.h"

#include <stdio.h>
#include <string.h>

const char *azi_text_clean(const char *s, char *buf, size_t size)
{
    size_t o = 0;
    if (size < 8) {
        if (size)
            buf[0] = '\0';
        return buf;
    }
    for (; *s; s++) {
        unsigned char ch = (unsigned char)*s;
        char tmp[8];
        size_t k;
        if (ch == '\n')
            k = (size_t)snprintf(tmp, sizeof tmp, "\\n");
        else if (ch == '\t')
            k = (size_t)snprintf(tmp, sizeof tmp, "\\t");
        else if (ch < 0x20 || ch == 0x7f)
            k = (size_t)snprintf(tmp, sizeof tmp, "\\x%02x", ch);
        else
            tmp[0] = (char)ch, tmp[1] = '\0', k = 1;
        if (o + k > size - 4) {
            /* Cut between characters, then mark the cut: when the source is
             * in the middle of one (a continuation byte comes next), drop
             * the bytes of it already written, lead byte included. */
            if ((ch & 0xC0) == 0x80) {
                while (o > 0 && ((unsigned char)buf[o - 1] & 0xC0) == 0x80)
                    o--;
                if (o > 0 && ((unsigned char)buf[o - 1] & 0xC0) == 0xC0)
                    o--;
            }
            memcpy(buf + o, "...", 4);
            return buf;
        }
        memcpy(buf + o, tmp, k);
        o += k;
    }
    buf[o] = '\0';
    return buf;
}
