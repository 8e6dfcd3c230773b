// ncursesw helpers for scencat's CursesBackend. See include/CNCursesW.h.
#include "CNCursesW.h"

#include <signal.h>
#include <stdlib.h>
#include <termios.h>
#include <string.h>
#include <unistd.h>

static SCREEN *screen;
static int started;
static int at_exit_registered;

// --- Locale -------------------------------------------------------------------------------

static int codeset_is_utf8(void) {
    const char *codeset = nl_langinfo(CODESET);
    return codeset != NULL && (strcmp(codeset, "UTF-8") == 0 || strcmp(codeset, "utf8") == 0);
}

int term_setup_locale(void) {
    setlocale(LC_ALL, "");
    if (!codeset_is_utf8()) {
        setlocale(LC_CTYPE, "C.UTF-8");
    }
    return codeset_is_utf8();
}

int term_set_ctype_utf8(void) {
    return setlocale(LC_CTYPE, "C.UTF-8") != NULL && codeset_is_utf8();
}

int term_wcwidth(uint32_t code_point) {
    return wcwidth((wchar_t)code_point);
}

// --- Signals ------------------------------------------------------------------------------
// A terminal left in cbreak mode without echo is unusable, so every way out restores it:
// SIGINT, SIGTERM, SIGHUP and SIGQUIT end curses then re-raise with the previous action (the
// shell sees 130, 143, …), and so do crashes (a Swift trap is SIGILL or SIGTRAP). exit() without term_stop is covered
// by an atexit handler. SIGTSTP and SIGWINCH stay with ncurses, which handles them itself.

static const int restored_signals[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT,
                                        SIGILL, SIGTRAP, SIGABRT, SIGBUS, SIGFPE, SIGSEGV };
#define RESTORED_SIGNAL_COUNT (sizeof restored_signals / sizeof restored_signals[0])
static struct sigaction previous_actions[RESTORED_SIGNAL_COUNT];
static int handlers_installed;

static void restore_terminal_and_reraise(int sig) {
    if (started && !isendwin()) {
        endwin();
    }
    // Hand the signal to whoever had it before (the default action, or the Swift runtime's
    // crash reporter) by restoring that action and raising again.
    for (size_t i = 0; i < RESTORED_SIGNAL_COUNT; i++) {
        if (restored_signals[i] == sig) {
            sigaction(sig, &previous_actions[i], NULL);
            break;
        }
    }
    raise(sig);
}

static void install_signal_handlers(void) {
    if (handlers_installed) return;
    for (size_t i = 0; i < RESTORED_SIGNAL_COUNT; i++) {
        sigaction(restored_signals[i], NULL, &previous_actions[i]);
        // A signal the parent told us to ignore (nohup) stays ignored.
        if (previous_actions[i].sa_handler == SIG_IGN) continue;
        struct sigaction action;
        memset(&action, 0, sizeof action);
        action.sa_handler = restore_terminal_and_reraise;
        sigemptyset(&action.sa_mask);
        action.sa_flags = SA_NODEFER;
        sigaction(restored_signals[i], &action, NULL);
    }
    handlers_installed = 1;
}

static void remove_signal_handlers(void) {
    if (!handlers_installed) return;
    for (size_t i = 0; i < RESTORED_SIGNAL_COUNT; i++) {
        sigaction(restored_signals[i], &previous_actions[i], NULL);
    }
    handlers_installed = 0;
}

static void restore_at_exit(void) {
    term_stop();
}

// --- Screen -------------------------------------------------------------------------------

// Home and End arrive in several spellings: tmux and screen send ESC [ 1 ~ / ESC [ 4 ~ whatever
// TERM says, rxvt ESC [ 7 ~ / ESC [ 8 ~, xterm ESC O H / ESC O F or ESC [ H / ESC [ F. The
// terminfo entry names only one of them, so a clerk in tmux with TERM=xterm-256color pressed End
// and nothing happened. The others are added as long as the entry does not already use them.
static void define_home_end_variants(void) {
    static const char *const home[] = { "\033[1~", "\033[7~", "\033[H", "\033OH" };
    static const char *const end[] = { "\033[4~", "\033[8~", "\033[F", "\033OF" };
    for (size_t i = 0; i < sizeof home / sizeof home[0]; i++)
        if (key_defined(home[i]) == 0) define_key(home[i], KEY_HOME);
    for (size_t i = 0; i < sizeof end / sizeof end[0]; i++)
        if (key_defined(end[i]) == 0) define_key(end[i], KEY_END);
}


int term_start(int raw_mode) {
    if (started) return 1;
    term_setup_locale();
    // Installed before newterm: ncurses then leaves SIGINT/SIGTERM alone instead of adding
    // its own handlers, which would exit(1) rather than report the signal.
    install_signal_handlers();
    screen = newterm(NULL, stdout, stdin);
    if (screen == NULL) {
        remove_signal_handlers();
        return 0;
    }
    set_term(screen);
    started = 1;
    if (!at_exit_registered) {
        atexit(restore_at_exit);
        at_exit_registered = 1;
    }
    if (raw_mode) raw(); else cbreak();
    noecho();
    nonl();
    keypad(stdscr, TRUE);
    define_home_end_variants();
    intrflush(stdscr, FALSE);
    meta(stdscr, TRUE);
    set_escdelay(25);
    curs_set(0);
    leaveok(stdscr, FALSE);
    // Ctrl-S and Ctrl-Q reach the program as keys (Ctrl-S saves a form) instead of stopping
    // and restarting output. The shell's own mode, restored by endwin, keeps flow control.
    struct termios mode;
    if (tcgetattr(STDIN_FILENO, &mode) == 0) {
        mode.c_iflag &= ~(tcflag_t)(IXON | IXOFF);
        tcsetattr(STDIN_FILENO, TCSANOW, &mode);
        def_prog_mode();
    }
    return 1;
}

int term_is_started(void) {
    return started;
}

void term_stop(void) {
    if (!started) return;
    if (!isendwin()) {
        curs_set(1);
        endwin();
    }
    remove_signal_handlers();
    started = 0;
    // The SCREEN is kept (not delscreen'd): ncurses may still reference it from atexit paths.
}

void term_suspend(void) {
    if (!started) return;
    def_prog_mode();
    endwin();
}

void term_resume(void) {
    if (!started) return;
    reset_prog_mode();
    clearok(stdscr, TRUE);
    refresh();
}

WINDOW *term_stdscr(void) { return stdscr; }
int term_cols(void) { return started ? getmaxx(stdscr) : 0; }
int term_lines(void) { return started ? getmaxy(stdscr) : 0; }

void term_force_repaint(void) { clearok(stdscr, TRUE); }
void term_erase(void) { werase(stdscr); }

void term_draw_text(int y, int x, const char *utf8, uint32_t attributes, int pair) {
    attr_set((attr_t)attributes, (short)pair, NULL);
    mvaddstr(y, x, utf8);
}

void term_place_cursor(int visible, int y, int x) {
    if (visible) {
        move(y, x);
        curs_set(1);
    } else {
        curs_set(0);
    }
}

void term_refresh(void) { refresh(); }

// --- Attributes and colours ---------------------------------------------------------------

uint32_t term_a_normal(void) { return (uint32_t)A_NORMAL; }
uint32_t term_a_bold(void) { return (uint32_t)A_BOLD; }
uint32_t term_a_dim(void) { return (uint32_t)A_DIM; }
uint32_t term_a_reverse(void) { return (uint32_t)A_REVERSE; }
uint32_t term_a_underline(void) { return (uint32_t)A_UNDERLINE; }

int term_start_colors(void) {
    if (!has_colors()) return 0;
    if (start_color() == ERR) return 0;
    return use_default_colors() == OK ? 2 : 1;
}

int term_color_pairs(void) { return has_colors() ? COLOR_PAIRS : 0; }

int term_init_pair(int pair, int fg, int bg) {
    return init_pair((short)pair, (short)fg, (short)bg) == OK;
}

// --- Input --------------------------------------------------------------------------------

int term_get_wch(int timeout_ms, uint32_t *code) {
    wint_t value = 0;
    timeout(timeout_ms < 0 ? -1 : timeout_ms);
    int status = get_wch(&value);
    *code = (uint32_t)value;
    if (status == OK) return TERM_INPUT_CHAR;
    if (status == KEY_CODE_YES) return TERM_INPUT_KEY;
    return TERM_INPUT_NONE;
}

void term_enable_mouse(void) {
    mmask_t mask = BUTTON1_PRESSED | BUTTON1_CLICKED | BUTTON4_PRESSED;
#ifdef BUTTON5_PRESSED
    mask |= BUTTON5_PRESSED;
#endif
    mousemask(mask, NULL);
    mouseinterval(0);
}

int term_read_mouse(int *x, int *y) {
    MEVENT event;
    if (getmouse(&event) != OK) return TERM_MOUSE_NONE;
    *x = event.x;
    *y = event.y;
    if (event.bstate & BUTTON4_PRESSED) return TERM_MOUSE_WHEEL_UP;
#ifdef BUTTON5_PRESSED
    if (event.bstate & BUTTON5_PRESSED) return TERM_MOUSE_WHEEL_DOWN;
#endif
    if (event.bstate & (BUTTON1_PRESSED | BUTTON1_CLICKED)) return TERM_MOUSE_CLICK;
    return TERM_MOUSE_NONE;
}
