/*
 * text.h: strings made safe to show in a message.
 */
#ifndef AZALEA_UTIL_TEXT_H
#define AZALEA_UTIL_TEXT_H

#include <stddef.h>

/* s, ready to quote in a message, into buf: newline and tab as \n and \t,
 * other control characters as \xHH; when it does not fit, cut between
 * UTF-8 characters and ended with "...". Returns buf (an empty string if
 * size < 8). Nothing is allocated. */
const char *azi_text_clean(const char *s, char *buf, size_t size);

#endif
