// The only door from Swift to ncursesw. Swift 6 cannot read curses globals (stdscr, COLS,
// LINES, COLORS) nor see macros such as A_BOLD or functions hidden behind feature macros
// such as wcwidth, so this header exposes small C functions instead. Feature macros for the
// wide-character API must be defined here, before the includes: SwiftPM's cSettings do not
// apply when Swift imports a header.
#ifndef CNCURSESW_H
#define CNCURSESW_H

#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif

#include <stdint.h>
#include <locale.h>
#include <wchar.h>
#include <langinfo.h>
#if __has_include(<ncursesw/ncurses.h>)
#include <ncursesw/ncurses.h>
#else
#include <curses.h>
#endif

// --- Locale -------------------------------------------------------------------------------

/// setlocale(LC_ALL, ""), then, when the codeset is not UTF-8, LC_CTYPE = C.UTF-8 (so CJK
/// has widths and get_wch decodes it). Returns 1 when the character type is UTF-8 afterwards.
int term_setup_locale(void);

/// LC_CTYPE = C.UTF-8 only (for width checks in tests). Returns 1 on success.
int term_set_ctype_utf8(void);

/// glibc wcwidth of a code point under the current LC_CTYPE: 0, 1, 2, or -1 (not printable).
int term_wcwidth(uint32_t code_point);

// --- Screen -------------------------------------------------------------------------------

/// Starts curses on the terminal (newterm on stdin/stdout, so a missing terminal
/// description returns 0 instead of exiting): cbreak or raw, noecho, keypad, nonl,
/// 25 ms ESCDELAY, hidden cursor; installs the restore-on-signal handlers. 1 on success.
int term_start(int raw_mode);

/// Whether term_start succeeded and term_stop has not run yet.
int term_is_started(void);

/// Restores the terminal (endwin) and removes the signal handlers. Safe to call twice.
void term_stop(void);

/// Leaves curses temporarily (def_prog_mode + endwin) so another program can use the terminal.
void term_suspend(void);

/// Takes the terminal back after term_suspend (reset_prog_mode) and forces a full repaint.
void term_resume(void);

WINDOW *term_stdscr(void);
int term_cols(void);
int term_lines(void);

/// Forces the next refresh to repaint the whole screen.
void term_force_repaint(void);

/// Clears curses' idea of the screen (used before a full redraw).
void term_erase(void);

/// Writes UTF-8 text at (y, x) with attributes and colour pair; text must fit on the row.
void term_draw_text(int y, int x, const char *utf8, uint32_t attributes, int pair);

/// Shows the cursor at (y, x), or hides it.
void term_place_cursor(int visible, int y, int x);

/// Sends everything drawn to the terminal.
void term_refresh(void);

// --- Attributes and colours ---------------------------------------------------------------

uint32_t term_a_normal(void);
uint32_t term_a_bold(void);
uint32_t term_a_dim(void);
uint32_t term_a_reverse(void);
uint32_t term_a_underline(void);

/// Starts colour when the terminal has it; uses the terminal's default colours when it can.
/// Returns 0 without colour, 1 with colour (fixed default fg/bg), 2 with default colours (-1).
int term_start_colors(void);

/// The number of colour pairs the terminal supports (0 without colour).
int term_color_pairs(void);

/// Defines pair n as (fg, bg); -1 is the terminal's default colour. 1 on success.
int term_init_pair(int pair, int fg, int bg);

// --- Input --------------------------------------------------------------------------------

/// Status values of term_get_wch.
enum {
    TERM_INPUT_NONE = 0,   // timeout or error
    TERM_INPUT_CHAR = 1,   // *code is a Unicode code point
    TERM_INPUT_KEY = 2     // *code is a KEY_* code
};

/// Waits up to timeout_ms (negative: forever) for input; see TERM_INPUT_*.
int term_get_wch(int timeout_ms, uint32_t *code);

/// Enables wheel and left-click reports (clicks are delivered on press, without delay).
void term_enable_mouse(void);

/// Kinds returned by term_read_mouse.
enum {
    TERM_MOUSE_NONE = 0,
    TERM_MOUSE_CLICK = 1,
    TERM_MOUSE_WHEEL_UP = 2,
    TERM_MOUSE_WHEEL_DOWN = 3
};

/// After KEY_MOUSE: the event's kind (TERM_MOUSE_*) and cell position.
int term_read_mouse(int *x, int *y);

// KEY_* codes as plain functions (KEY_F(n) is a function-like macro Swift cannot import).
static inline int term_key_f(int n) { return KEY_F(n); }
static inline int term_key_f0(void) { return KEY_F0; }

#endif
