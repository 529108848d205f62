/* One-allocation results: see packer.h. */
#include "packer.h"

#include <stdlib.h>
#include <string.h>

const char *dc_pack_str(dc_packer *p, const char *s)
{
    return s != NULL ? dc_pack_strn(p, s, strlen(s)) : NULL;
}

int dc_packer_alloc(dc_packer *p)
{
    if ((p->base = malloc(p->used ? p->used : 1)) == NULL)
        return -1;
    p->used = 0;
    return 0;
}
