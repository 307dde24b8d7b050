/* wizard.h: state shared by the curses wizard's main loop (wizard.c) and its screens (screen-*.c). */
#ifndef WIZARD_H
#define WIZARD_H

#include <curses.h>

#include "content/walk.h"
#include "content/content.h"
#include "ui/session.h"

#define WIZ_MIN_COLS	70	/* below this width the wizard only says it is too small */
#define WIZ_MIN_LINES	20	/* below this height likewise */
#define WIZ_FIELD_MAX	256	/* bytes in one typed field */
#define WIZ_STACK_MAX	16	/* screens deep */

struct wiz;
struct wiz_pager;

enum wiz_screen {
	SCR_START,		/* where does sshdoc run */
	SCR_TARGET,		/* host, port, user */
	SCR_SERVER,		/* server mode: port, client address, sshd_config, logs */
	SCR_EXPLAIN,		/* explain mode: a file, or pasted text */
	SCR_QUESTIONS,		/* the tree's questions, while the checks run */
	SCR_PROGRESS,		/* the checks, live */
	SCR_EVIDENCE,		/* one check's evidence */
	SCR_DIAGNOSIS,		/* the causes, ranked */
	SCR_ARTICLE,		/* a fix article */
	SCR_HELP,		/* keys and screens */
	SCR_FIX,		/* a cause's automatic fix: the plan, y applies */
	SCR_FLEET,		/* many hosts, grouped by cause */
	SCR_COUNT,
};

/* Roles of text on screen; each maps to curses attributes (and a colour when in use). */
enum wiz_role {
	WR_NORMAL,
	WR_BAR,			/* title and hint bars */
	WR_BARKEY,		/* a key name in the hint bar */
	WR_SEL,			/* the selected line */
	WR_PASS,
	WR_FAIL,
	WR_WARN,
	WR_SKIP,
	WR_RUN,
	WR_HEADING,
	WR_STEP,
	WR_COMMAND,
	WR_QUOTE,
	WR_DIM,
	WR_ERROR,
	WR_BOLD,
	WR_FIELD,		/* a text field being edited */
	WR_COUNT,
};

/* Line drawing and symbols: UTF-8 or plain ASCII. */
struct wiz_glyphs {
	const char	*hline;		/* horizontal rule piece */
	const char	*vline;		/* quote bar */
	const char	*ellipsis;	/* marks cut text */
	const char	*arrow;		/* "becomes", in change lists */
	const char	*dot;		/* separator in the title bar */
	const char	*pointer;	/* the selected menu item */
};

/* A one-line text prompt in the status line (save report, file to explain). */
struct wiz_prompt {
	int		 active;	/* the prompt has the keyboard */
	const char	*label;		/* what it asks */
	char		 buf[WIZ_FIELD_MAX];	/* what was typed */
	size_t		 len;		/* bytes in buf */
	void		(*done)(struct wiz *, const char *);	/* called with the answer */
};

/* A screen on the stack and the private state the stack allocated for it. */
struct wiz_frame {
	enum wiz_screen	 scr;		/* which screen */
	void		*priv;		/* its ops' private_size bytes, zeroed at the first push */
};

struct wiz {
	const struct content *content;	/* tree, causes, articles */
	struct check_options base;	/* options from the command line */
	const char	*mode;		/* the mode chosen on the start screen */
	struct session	 s;		/* answers, the current walk and the one before a re-run */
	struct strlist	 changes;	/* what the last re-run changed, one line each */
	struct strlist	 applied;	/* fixes applied in this session, one line each (exit summary) */
	int		 reruns;	/* how many re-runs happened */
	char		*paste_file;	/* private temp file of pasted text (removed on exit), or NULL */
	struct wiz_frame stack[WIZ_STACK_MAX];	/* screens, the current one last */
	size_t		 depth;		/* screens on the stack */
	void		*kept[SCR_COUNT];	/* private state of screens that keep it between pushes */
	int		 utf8;		/* the locale's codeset is UTF-8 */
	int		 color;		/* colours are in use */
	attr_t		 attr[WR_COUNT];	/* attribute for each role */
	const struct wiz_glyphs *g;	/* glyph set */
	char		*message;	/* one line for the status bar, or NULL */
	int		 message_error;	/* message is an error */
	struct wiz_prompt prompt;	/* the status-line prompt */
	int		 quit;		/* leave the main loop */
	int		 status;	/* exit status to return */
	WINDOW		*wtitle;	/* top line */
	WINDOW		*wbody;		/* the screen's area */
	WINDOW		*wstatus;	/* messages and prompts */
	WINDOW		*whint;		/* key hints */
	WINDOW		*winput;	/* a pad, never shown, that keys are read from */
	int		 too_small;	/* the terminal is below the minimum size */
	unsigned	 dirty;		/* WIZ_DRAW_* parts to redraw */
};

#define WIZ_DRAW_TITLE	0x1
#define WIZ_DRAW_BODY	0x2
#define WIZ_DRAW_STATUS	0x4
#define WIZ_DRAW_HINT	0x8
#define WIZ_DRAW_ALL	0xf

/*
 * What every screen provides. Each screen keeps its state in a struct of its
 * own, private_size bytes that the stack allocates for each push and hands to
 * every call as priv (the screen casts it).
 */
struct screen_ops {
	const char	*name;		/* shown in the title bar */
	size_t		 private_size;	/* bytes of private state per push (zeroed) */
	int		 keep;		/* the private state outlives a pop: a form keeps what was typed */
	void		(*init)(struct wiz *, void *priv, const void *arg);	/* on each push; arg from wiz_push_arg (may be NULL) */
	void		(*free)(void *priv);	/* release what priv owns, at the pop that drops it (may be NULL) */
	void		(*draw)(struct wiz *, void *priv, WINDOW *);	/* paint the body window (already erased) */
	int		(*key)(struct wiz *, void *priv, int);	/* handle a key; 1 if used, 0 to let the wizard handle it */
	const char	*(*hints)(struct wiz *, void *priv);	/* the key-hint bar: "KEY label|KEY label" */
	int		(*cursor)(struct wiz *, void *priv, int *, int *);	/* 1 and body y, x if a text cursor shows (may be NULL) */
	void		(*resize)(struct wiz *, void *priv);	/* the size changed (may be NULL) */
	int		 live;		/* redraw on timer ticks while checks run */
	int		(*typing)(struct wiz *, void *priv);	/* 1 while keys go into a text field ('q', '?', Backspace are text); may be NULL */
	struct wiz_pager *(*pager)(struct wiz *, void *priv);	/* the scroll state the pager keys move (may be NULL) */
	unsigned	 keys;		/* WIZ_KEY_* shared keys the wizard handles when the screen does not */
};

#define WIZ_KEY_RERUN	0x1	/* r: run the checks again */
#define WIZ_KEY_SAVE	0x2	/* s: save the report */
#define WIZ_KEY_ANSWERS	0x4	/* a: the questions again */

extern const struct screen_ops screen_start_ops;
extern const struct screen_ops screen_target_ops;
extern const struct screen_ops screen_server_ops;
extern const struct screen_ops screen_explain_ops;
extern const struct screen_ops screen_questions_ops;
extern const struct screen_ops screen_progress_ops;
extern const struct screen_ops screen_evidence_ops;
extern const struct screen_ops screen_diagnosis_ops;
extern const struct screen_ops screen_article_ops;
extern const struct screen_ops screen_help_ops;
extern const struct screen_ops screen_fix_ops;
extern const struct screen_ops screen_fleet_ops;

/* Terminal (term.c). */
/* Signals, curses, windows; -1 (said on stderr) if the terminal cannot be used. */
int	 term_open(struct wiz *);
/* Draw, wait, hand keys and walk changes to the wizard until it quits; a signal's number, or 0. */
int	 term_loop(struct wiz *);
/* The terminal back as it was (also from exit hooks). */
void	 term_restore(void);
/* Undo term_open; removes the file term_remove_on_exit names. */
void	 term_close(struct wiz *);
/* Remove path on every way out, a crash included (one path at a time). */
void	 term_remove_on_exit(const char *path);
void	 term_remove_file(void);

/* Called by the terminal loop (wizard.c, wizard-draw.c). */
const struct screen_ops *wiz_ops(const struct wiz *);
/* The private state of the screen on top (NULL before the first push). */
void	*wiz_priv(const struct wiz *);
void	 wiz_key(struct wiz *, int key);
void	 wiz_walk_changed(struct wiz *);
void	 wiz_resized(struct wiz *);
void	 wiz_redraw(struct wiz *);

/* Navigation (wizard.c). */
void	 wiz_push(struct wiz *, enum wiz_screen);
/* Push with an argument for the screen's init (a check index, a cause id...). */
void	 wiz_push_arg(struct wiz *, enum wiz_screen, const void *arg);
void	 wiz_pop(struct wiz *);
/* Pop screens until scr is on top (push it if it is not on the stack). */
void	 wiz_back_to(struct wiz *, enum wiz_screen);
/* The screen on top again as if newly pushed (fresh private state). */
void	 wiz_renew(struct wiz *);
/* Drop every screen and kept state (at the end). */
void	 wiz_stack_free(struct wiz *);
enum wiz_screen wiz_current(const struct wiz *);
void	 wiz_message(struct wiz *, int error, const char *, ...)
	    __attribute__((format(printf, 3, 4)));
void	 wiz_prompt(struct wiz *, const char *label, const char *initial,
	    void (*done)(struct wiz *, const char *));

/* Walks (wizard.c). Start a walk with opt's strings copied; shows Progress. */
int	 wiz_start_walk(struct wiz *, const struct check_options *);
/* Run the current walk's options again and remember the old result to compare. */
void	 wiz_rerun(struct wiz *);
/* The current walk has finished (call with nothing locked). */
int	 wiz_walk_done(struct wiz *);
/* Ask for a file name and save the report there. */
void	 wiz_save(struct wiz *);
/* "alice@host port 22", or the mode for walks without a target. */
void	 wiz_target_label(const struct wiz *, char *, size_t);

/* Questions (wizard.c). */
/* The mode of the current walk (or the one chosen), "client" if none. */
const char *wiz_mode(const struct wiz *);
/* Record an answer (NULL: skipped) and give it to the current walk. */
void	 wiz_answer(struct wiz *, const struct tree_question *, const struct tree_answer *);
/* Open the Questions screen: all 0 starts at the first unasked question, 1 at the first. */
void	 wiz_ask(struct wiz *, int all);
#define WIZ_ASK_MATTER	2	/* wiz_ask: only those whose answer can change the order */
/* Write pasted text to a private temp file (0600) that is removed on exit; 0 or -1. */
int	 wiz_paste_file(struct wiz *, const char *text, size_t len, const char **path);

/* Text fields of the forms (form.c). */
struct wiz_field {
	const char	*label;		/* shown left of the field */
	int		 width;		/* columns of the field */
	const char	*note;		/* shown right of it */
	char		 buf[WIZ_FIELD_MAX];	/* the text */
	size_t		 len;		/* bytes in buf */
	size_t		 cur;		/* cursor, a byte offset */
	int		 digits;	/* takes digits only (a port) */
};
/*
 * A form: text fields one above the other (a blank row between), perhaps
 * stops the screen handles itself, and a button, the last stop.
 */
struct wiz_form {
	struct wiz_field *fields;	/* the text fields: the first stops */
	int		 nfields;	/* number of fields */
	int		 nstops;	/* focus stops: fields, the screen's own, the button last */
	int		 focus;		/* the stop with the keyboard */
	int		 label_x;	/* column of the labels */
	int		 field_x;	/* column of the fields and the button */
	int		 field_y;	/* body row of the first field */
	const char	*button;	/* the button's text */
	int		 clear_any;	/* an edit in any field clears the complaint, not only in its own */
	char		*error;		/* the last complaint, or NULL */
	int		 error_field;	/* the field it is about, or -1 */
	unsigned	 edited;	/* bit per field: the person changed it */
};
#define WIZ_FORM_SUBMIT	2	/* wiz_form_key: Enter, or Space on the button */

/* Complain about field (-1: none; otherwise it gets the focus); NULL clears. */
void	 wiz_form_error(struct wiz_form *, int field, const char *msg);
/* Tab, arrows, editing; 1 if used, WIZ_FORM_SUBMIT to submit, 0 to pass it on. */
int	 wiz_form_key(struct wiz *, struct wiz_form *, int key);
/* Draw field i (label, text, note) at row y. */
void	 wiz_form_draw_field(struct wiz *, WINDOW *, const struct wiz_form *, int i, int y);
/* Draw the fields and the button; returns the row below the button's blank row. */
int	 wiz_form_draw(struct wiz *, WINDOW *, const struct wiz_form *);
/* Draw the button at y. */
void	 wiz_form_draw_button(struct wiz *, WINDOW *, const struct wiz_form *, int y);
/* Draw the complaint from row y, wrapped; returns the row after it. */
int	 wiz_form_draw_error(struct wiz *, WINDOW *, const struct wiz_form *, int y);
/* The title at the top, the fields, the button, the complaint; returns the row below. */
int	 wiz_form_draw_page(struct wiz *, WINDOW *, const struct wiz_form *, const char *title);
/*
 * Screen ops for the screens whose private state begins with their struct
 * wiz_form (priv is the form): the text cursor in the field with the focus,
 * whether keys go into a field, the hints of a form that runs the checks,
 * the complaint freed.
 */
int	 wiz_form_cursor(struct wiz *, void *priv, int *y, int *x);
int	 wiz_form_typing(struct wiz *, void *priv);
const char *wiz_form_run_hints(struct wiz *, void *priv);
void	 wiz_form_free(void *priv);

void	 wiz_field_set(struct wiz_field *, const char *);
/* Remove leading and trailing blanks. */
void	 wiz_field_trim(struct wiz_field *);
/* Byte offset of the first byte shown, so the cursor stays inside the field. */
size_t	 wiz_field_scroll(const struct wiz_field *);
/* Edit or move in the field; 1 if the key was used. */
int	 wiz_field_key(struct wiz_field *, int key);
/* Draw the field's text at y, x (focused: in the selection's colours). */
void	 wiz_field_draw(struct wiz *, WINDOW *, int y, int x, const struct wiz_field *,
	    int focused);

/* Drawing helpers (wizard-draw.c). */
/* Write s at y, x in at most width columns, cut with an ellipsis; returns columns used. */
int	 wiz_put(struct wiz *, WINDOW *, int y, int x, int width, attr_t, const char *s);
/* Columns s takes on screen. */
int	 wiz_width(const struct wiz *, const char *s);
/* Word-wrap s into lines of at most width columns, appended to out. */
void	 wiz_wrap(const struct wiz *, const char *s, int width, struct strlist *out);
/* A horizontal rule of width columns. */
void	 wiz_hline(struct wiz *, WINDOW *, int y, int x, int width, attr_t);
/* The word and attribute for a check's state. */
const char *wiz_status_word(enum run_state, enum check_status);
attr_t	 wiz_status_attr(const struct wiz *, enum run_state, enum check_status);
/* "31 ms", "1.2 s". */
void	 wiz_format_ms(int64_t ms, char *, size_t);
/* Copy text to the person's clipboard with OSC 52 (tmux passthrough when $TMUX is set). */
int	 wiz_osc52(const char *text);
/* Base64 of len bytes (new string). */
char	*wiz_base64(const void *, size_t len);
/* The cause's title from causes.tsv, or its id. */
const char *wiz_cause_title(const struct wiz *, const char *id);

/*
 * Scrolling text (evidence, help, the article): Up/Down, PgUp/PgDn, Home/End
 * and their vi keys, handled by the wizard for every screen with a pager.
 */
struct wiz_pager {
	int		 top;		/* first row shown */
	int		 rows;		/* rows of text, for End */
	int		 page;		/* rows PgUp/PgDn move */
	int		 height;	/* rows shown, to stop at the end (0: the draw clamps) */
};

#endif
