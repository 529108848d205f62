/* A CSV register of geocoded addresses being imported row by row (domcov_import_houses_begin). */
#ifndef DC_HOUSES_REGISTER_H
#define DC_HOUSES_REGISTER_H

#include "report.h"
#include "store_writer.h"

/*
 * Same reader pattern as dc_zones_*: open checks the file as a whole
 * (unreadable, empty, a bad header, a missing column) and counts its rows,
 * next imports one row.  `opts` is copied; `label` names the file in
 * messages and must outlive the reader.
 */
typedef struct dc_houses_reader dc_houses_reader;

int dc_houses_open(const char *path, const char *label, const domcov_house_import_options *opts,
                   dc_houses_reader **out);
/* Data rows in the file; -1 when it cannot be read twice to count them (a pipe). */
long long dc_houses_count(const dc_houses_reader *r);
/*
 * Imports the next row (a bad one is rejected into the report, with its
 * line); *done = 1 at the end of the file.  Returns a status only for
 * failures that must abort the whole import.
 */
int dc_houses_next(dc_houses_reader *r, dc_writer *w, dc_report *report, int *done);
/* After the last row: moves the cities the import created to the mean of their houses. */
int dc_houses_finish(dc_houses_reader *r, dc_writer *w);
void dc_houses_close(dc_houses_reader *r);

#endif
