/* The library's own version (the header may be older or newer). */
#include "domcov.h"

const char *domcov_version(void)
{
    return DOMCOV_VERSION_STRING;
}
