#if canImport(Glibc)
    import CMalloc
#endif

/// How the monitor's process asks glibc to treat its heap. Every refresh of a large cluster builds and drops tens of
/// megabytes (the observation, the snapshot of ~100,000 group-partition views) and glibc's defaults hand that memory
/// back to the kernel after each drop (trimming the heap, unmapping large blocks), so the next refresh faults every
/// page in again: about a fifth of a refresh's CPU (`groupscope-bench model --glibc-default-heap` shows it). Kept, the
/// process holds its peak, which it reaches again every refresh anyway.
public enum RefreshHeap {
    /// Keep freed memory for reuse: no trimming below 256 MiB of free heap top, grow the heap 64 MiB at a time, and
    /// serve blocks up to 32 MiB (glibc's largest dynamic threshold) from the heap rather than fresh mappings.
    /// Process-wide; `watch` and the refresh benchmarks call it once at start. Elsewhere (musl, macOS) it does nothing.
    public static func keepFreedMemory() {
        #if canImport(Glibc)
            _ = mallopt(M_TRIM_THRESHOLD, 256 << 20)
            _ = mallopt(M_TOP_PAD, 64 << 20)
            _ = mallopt(M_MMAP_THRESHOLD, 32 << 20)
        #endif
    }
}
