#include "CMemory.h"
#if defined(__GLIBC__)
#include <malloc.h>
#endif

void greenroom_return_free_memory(void) {
#if defined(__GLIBC__)
    malloc_trim(0);
#endif
}
