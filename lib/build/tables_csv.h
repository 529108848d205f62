/* CSV sources of a store: cities, houses (structured columns) and offices. */
#ifndef DC_TABLES_CSV_H
#define DC_TABLES_CSV_H

#include "report.h"
#include "store_writer.h"

enum dc_csv_table { DC_TABLE_CITIES, DC_TABLE_HOUSES, DC_TABLE_OFFICES };

/*
 * Imports one CSV file.  Bad rows are rejected into the report with their
 * line and reason; the others go on.  A missing required column or an
 * unreadable file fails as a whole.
 */
int dc_import_csv_table(dc_writer *w, int table, const char *path, const char *label,
                        dc_report *report);

#endif
