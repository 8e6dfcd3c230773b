int scencat_curses_placeholder(void) { return 0; }
