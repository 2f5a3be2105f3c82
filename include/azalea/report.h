/*
 * report.h: the results table a person reads in a terminal.
 */
#ifndef AZALEA_REPORT_H
#define AZALEA_REPORT_H

#include <stdio.h>

#include "azalea/experiment.h"
#include "azalea/model.h"

/* Writes the summary of an experiment on `m` as aligned text tables: system
 * headline figures, then one row per product and per station, every mean
 * with its CI half-width. Rates are given per hour and per year using the
 * model's time unit. s must be a summary of m. Cannot fail: a write
 * error is left in out's error indicator (ferror(out)), and out stays
 * open. */
void az_report_text(FILE *out, const az_model *m, const az_summary *s);

#endif
