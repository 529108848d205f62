/* Whole-file reads for sources that are parsed as one document (GeoJSON). */
#include "read_file.h"

#include "error.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int dc_read_file(const char *path, size_t max_bytes, char **data, size_t *len)
{
    FILE *f = NULL;
    struct stat st;
    char *buf = NULL;
    int status = DOMCOV_OK;

    *data = NULL;
    *len = 0;
    f = fopen(path, "rb");
    if (f == NULL)
        return dc_fail(NULL, DOMCOV_ERR_IO, "cannot open '%s': %s", path, strerror(errno));
    if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
        status = dc_fail(NULL, DOMCOV_ERR_IO, "'%s' is not a regular file", path);
        goto cleanup;
    }
    if ((unsigned long long)st.st_size > max_bytes) {
        status = dc_fail(NULL, DOMCOV_ERR_TOO_LARGE, "'%s' is %lld bytes, more than the %zu allowed",
                         path, (long long)st.st_size, max_bytes);
        goto cleanup;
    }
    buf = malloc((size_t)st.st_size + 1);
    if (buf == NULL) {
        status = dc_fail(NULL, DOMCOV_ERR_NOMEM, "out of memory reading '%s'", path);
        goto cleanup;
    }
    if (fread(buf, 1, (size_t)st.st_size, f) != (size_t)st.st_size) {
        status = dc_fail(NULL, DOMCOV_ERR_IO, "cannot read '%s': %s", path,
                         ferror(f) ? strerror(errno) : "file shrank while reading");
        goto cleanup;
    }
    buf[st.st_size] = '\0';
    *data = buf;
    *len = (size_t)st.st_size;
    buf = NULL;
cleanup:
    free(buf);
    fclose(f);
    return status;
}
