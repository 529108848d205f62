/* Reads a whole file into memory, with a size limit. */
#ifndef DC_READ_FILE_H
#define DC_READ_FILE_H

#include <stddef.h>

/* 0, or a DOMCOV_ERR_* status with the message set (IO, TOO_LARGE, NOMEM). */
int dc_read_file(const char *path, size_t max_bytes, char **data, size_t *len);

#endif
