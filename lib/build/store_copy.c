/* Import lock and store copy (see store_copy.h). */
#include "store_copy.h"

#include "error.h"
#include "strbuf.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

/* Big enough that copying a store of gigabytes is bound by the disk, not by syscalls. */
#define COPY_CHUNK (1u << 20)

int dc_store_lock(const char *store_path, int *fd)
{
    dc_strbuf sb = DC_STRBUF_INIT;
    int status = DOMCOV_OK;

    *fd = -1;
    dc_strbuf_printf(&sb, "%s.lock", store_path);
    if (sb.failed)
        return dc_fail(NULL, DOMCOV_ERR_NOMEM, "out of memory");
    *fd = open(sb.data, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (*fd < 0) {
        status = dc_fail(NULL, DOMCOV_ERR_IO, "cannot create the import lock '%s': %s", sb.data,
                         strerror(errno));
        goto cleanup;
    }
    if (flock(*fd, LOCK_EX | LOCK_NB) != 0) {
        status = dc_fail(NULL, DOMCOV_ERR_IO,
                         errno == EWOULDBLOCK
                             ? "another import into '%s' is running (it holds '%s'); try again when it is done"
                             : "cannot lock '%s' (%s)",
                         store_path, errno == EWOULDBLOCK ? sb.data : strerror(errno));
        close(*fd);
        *fd = -1;
    }
cleanup:
    dc_strbuf_free(&sb);
    return status;
}

int dc_store_precheck(const char *store_path)
{
    char header[16];
    struct stat st;
    int fd = open(store_path, O_RDONLY | O_CLOEXEC);
    ssize_t n;

    if (fd < 0)
        return dc_fail(NULL, DOMCOV_ERR_IO, "cannot open store '%s': %s", store_path, strerror(errno));
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        return dc_fail(NULL, DOMCOV_ERR_IO, "store '%s' is not a regular file", store_path);
    }
    n = read(fd, header, sizeof header);
    close(fd);
    if (n != (ssize_t)sizeof header || memcmp(header, "SQLite format 3", 16) != 0)
        return dc_fail(NULL, DOMCOV_ERR_NOT_STORE, "'%s' is not a domcov store: not an SQLite database",
                       store_path);
    return DOMCOV_OK;
}

void dc_store_unlock(int fd)
{
    if (fd >= 0)
        close(fd);  /* closing the descriptor drops the flock */
}

static int write_all(int fd, const char *buf, size_t n)
{
    while (n > 0) {
        ssize_t w = write(fd, buf, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        buf += w;
        n -= (size_t)w;
    }
    return 0;
}

int dc_store_copy(const char *src, const char *dst)
{
    int in = -1, out = -1, status = DOMCOV_OK;
    char *buf = NULL;
    struct stat st;
    ssize_t n;
    int first = 1;

    in = open(src, O_RDONLY | O_CLOEXEC);
    if (in < 0 || fstat(in, &st) != 0) {
        status = dc_fail(NULL, DOMCOV_ERR_IO, "cannot open store '%s': %s", src, strerror(errno));
        goto cleanup;
    }
    if (!S_ISREG(st.st_mode)) {
        status = dc_fail(NULL, DOMCOV_ERR_IO, "store '%s' is not a regular file", src);
        goto cleanup;
    }
    if ((buf = malloc(COPY_CHUNK)) == NULL) {
        status = dc_fail(NULL, DOMCOV_ERR_NOMEM, "out of memory");
        goto cleanup;
    }
    unlink(dst);
    out = open(dst, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (out < 0 || fchmod(out, st.st_mode & 07777) != 0) {
        status = dc_fail(NULL, DOMCOV_ERR_IO, "cannot create '%s': %s", dst, strerror(errno));
        goto cleanup;
    }
    while ((n = read(in, buf, COPY_CHUNK)) != 0) {
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            status = dc_fail(NULL, DOMCOV_ERR_IO, "cannot read store '%s': %s", src, strerror(errno));
            goto cleanup;
        }
        if (first && (n < 16 || memcmp(buf, "SQLite format 3", 16) != 0)) {
            status = dc_fail(NULL, DOMCOV_ERR_NOT_STORE,
                             "'%s' is not a domcov store: not an SQLite database", src);
            goto cleanup;
        }
        first = 0;
        if (write_all(out, buf, (size_t)n) != 0) {
            status = dc_fail(NULL, DOMCOV_ERR_IO, "cannot write '%s': %s", dst, strerror(errno));
            goto cleanup;
        }
    }
    if (first)
        status = dc_fail(NULL, DOMCOV_ERR_NOT_STORE, "'%s' is not a domcov store: an empty file", src);
cleanup:
    if (out >= 0 && close(out) != 0 && status == DOMCOV_OK)
        status = dc_fail(NULL, DOMCOV_ERR_IO, "cannot write '%s': %s", dst, strerror(errno));
    if (in >= 0)
        close(in);
    if (status != DOMCOV_OK && out >= 0)
        unlink(dst);
    free(buf);
    return status;
}
