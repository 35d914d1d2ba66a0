// glibc's malloc tunables (mallopt). Where there is no <malloc.h> (macOS), RefreshHeap does nothing.
#if __has_include(<malloc.h>)
#include <malloc.h>
#endif
