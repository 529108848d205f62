/*
 * libFuzzer target: domcov_open on arbitrary bytes.  Any file must give a
 * status and a message, never a crash; a file that opens must answer.
 */
#include "domcov.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[] = "/tmp/domcov-fuzz-open-XXXXXX";
    int fd = mkstemp(path);
    domcov_db *db = NULL;
    domcov_point_result *r = NULL;
    int status;

    if (fd < 0)
        return 0;
    if (write(fd, data, size) != (ssize_t)size) {
        close(fd);
        unlink(path);
        return 0;
    }
    close(fd);
    status = domcov_open(path, 0, &db);
    if (status != DOMCOV_OK && (db != NULL || domcov_errmsg(NULL)[0] == '\0'))
        abort();
    if (status == DOMCOV_OK) {
        if (domcov_check_point(db, 50.05, 30.05, &r) != DOMCOV_OK)
            abort();
        domcov_point_result_free(r);
    }
    domcov_close(db);
    unlink(path);
    return 0;
}
