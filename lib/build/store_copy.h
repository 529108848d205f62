/*
 * The two file-level steps of an import into an existing store: a lock
 * that keeps two imports into one store from losing each other's changes,
 * and a byte copy of the store to the temporary file the import edits.
 */
#ifndef DC_STORE_COPY_H
#define DC_STORE_COPY_H

/*
 * Takes the exclusive import lock of a store: flock on "PATH.lock" (created
 * once and kept: removing a lock file races with its next user).  Fails at
 * once with DOMCOV_ERR_IO when another import holds it.  *fd is -1 on failure.
 */
int dc_store_lock(const char *store_path, int *fd);
/*
 * Checks that store_path names an SQLite file before anything is created
 * beside it: DOMCOV_ERR_IO when missing or unreadable, DOMCOV_ERR_NOT_STORE.
 */
int dc_store_precheck(const char *store_path);
/* Releases the lock; -1 is ignored. */
void dc_store_unlock(int fd);

/*
 * Copies the store at src to dst (which is replaced), keeping src's
 * permission bits so that the readers who could read the old store can
 * read the new one.  DOMCOV_ERR_IO for a missing or unreadable source or a
 * failed write; DOMCOV_ERR_NOT_STORE when src is not an SQLite file.
 */
int dc_store_copy(const char *src, const char *dst);

#endif
