#define NCURSES_WIDECHAR 1
#include <ncurses.h>
#include <stdio.h>
#include <wchar.h>
#include <locale.h>
#include <langinfo.h>
#include <signal.h>
#include <unistd.h>

// Swift does not import ncurses' macros for attributes and line characters, and Swift 6 rejects
// C globals (stdscr, LINES, COLS, stdout) as shared mutable state. These accessors are the bridge.

static inline WINDOW *gs_stdscr(void) { return stdscr; }
static inline FILE *gs_stdout(void) { return stdout; }
static inline FILE *gs_stdin(void) { return stdin; }
static inline int gs_lines(void) { return LINES; }
static inline int gs_cols(void) { return COLS; }
static inline int gs_colors(void) { return COLORS; }

static inline attr_t gs_a_normal(void) { return A_NORMAL; }
static inline attr_t gs_a_bold(void) { return A_BOLD; }
static inline attr_t gs_a_reverse(void) { return A_REVERSE; }
static inline attr_t gs_a_dim(void) { return A_DIM; }
static inline attr_t gs_a_underline(void) { return A_UNDERLINE; }

/// Writes one wide character with attributes and a color pair at (y, x).
static inline int gs_put_cell(WINDOW *win, int y, int x, unsigned int ch, attr_t attrs, short pair) {
    cchar_t cell;
    wchar_t text[2] = { (wchar_t)ch, 0 };
    setcchar(&cell, text, attrs, pair, NULL);
    return mvwadd_wch(win, y, x, &cell);
}

/// Reads one key: returns OK (a character), KEY_CODE_YES (a function key code) or ERR (timeout).
static inline int gs_get_wch(WINDOW *win, unsigned int *out) {
    wint_t c = 0;
    int result = wget_wch(win, &c);
    *out = (unsigned int)c;
    return result;
}

/// The locale's character set after setlocale, e.g. "UTF-8".
static inline const char *gs_codeset(void) { return nl_langinfo(CODESET); }

/// Crash path (SIGSEGV, SIGILL, SIGTRAP, SIGABRT, …): give the terminal back, then die by the same signal.
static inline void gs_fatal_signal_handler(int sig) {
    if (!isendwin()) { curs_set(1); endwin(); }
    signal(sig, SIG_DFL);
    raise(sig);
}
