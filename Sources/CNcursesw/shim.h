#ifndef GREENROOM_CNCURSESW_SHIM_H
#define GREENROOM_CNCURSESW_SHIM_H

/* Wide-character ncurses: these must come before the include. */
#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif

#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700
#endif
#include <locale.h>
#include <langinfo.h>
#include <stdio.h>
#include <wchar.h>
#include <ncursesw/curses.h>
#include <ncursesw/term.h>

/* Swift cannot import ncurses' global variables safely under strict
   concurrency, nor its function-like macros; these inline wrappers are the
   only way the backend reaches them. */

static inline WINDOW *gr_stdscr(void) { return stdscr; }
static inline WINDOW *gr_curscr(void) { return curscr; }
static inline FILE *gr_stdout(void) { return stdout; }
static inline FILE *gr_stdin(void) { return stdin; }
static inline int gr_wcwidth(wchar_t c) { return wcwidth(c); }
static inline const char *gr_codeset(void) { return nl_langinfo(CODESET); }
static inline int gr_colors(void) { return COLORS; }
static inline int gr_color_pairs(void) { return COLOR_PAIRS; }
static inline int gr_lines(void) { return LINES; }
static inline int gr_cols(void) { return COLS; }

static inline void gr_getmaxyx(WINDOW *win, int *y, int *x) {
    int yy, xx;
    getmaxyx(win, yy, xx);
    *y = yy;
    *x = xx;
}

static inline attr_t gr_a_normal(void) { return A_NORMAL; }
static inline attr_t gr_a_bold(void) { return A_BOLD; }
static inline attr_t gr_a_dim(void) { return A_DIM; }
static inline attr_t gr_a_reverse(void) { return A_REVERSE; }
static inline attr_t gr_a_underline(void) { return A_UNDERLINE; }
static inline attr_t gr_a_italic(void) { return A_ITALIC; }
static inline attr_t gr_a_standout(void) { return A_STANDOUT; }

static inline int gr_key_code_yes(void) { return KEY_CODE_YES; }
static inline int gr_key_f(int n) { return KEY_F(n); }

static inline mmask_t gr_mouse_mask_all(void) { return ALL_MOUSE_EVENTS | REPORT_MOUSE_POSITION; }
static inline mmask_t gr_button1_pressed(void) { return BUTTON1_PRESSED; }
static inline mmask_t gr_button1_clicked(void) { return BUTTON1_CLICKED; }
static inline mmask_t gr_button1_released(void) { return BUTTON1_RELEASED; }
static inline mmask_t gr_button4_pressed(void) { return BUTTON4_PRESSED; }
static inline mmask_t gr_button5_pressed(void) { return BUTTON5_PRESSED; }

/* setcchar with an extended (int) colour pair, so more than 32767 pairs work. */
static inline int gr_setcchar(cchar_t *cc, const wchar_t *wch, attr_t attrs, int pair) {
    return setcchar(cc, wch, attrs, (short)(pair > 32767 ? 0 : pair), &pair);
}

#endif
