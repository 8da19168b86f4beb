#ifndef GREENROOM_CMEMORY_H
#define GREENROOM_CMEMORY_H

/// Hands the allocator's free pages back to the operating system (glibc's `malloc_trim`;
/// nothing elsewhere). A first sync frees a million parsed operations on a thread of its
/// own; without this the freed pages stay in that thread's arena and count as resident.
void greenroom_return_free_memory(void);

#endif
