/* wizard.h: state shared by the curses wizard's main loop (wizard.c) and its screens (screen-*.c). */
#ifndef WIZARD_H
#define WIZARD_H

#include <curses.h>

#include "content/walk.h"
#include "content/content.h"

#define WIZ_MIN_COLS	70	/* below this width the wizard only says it is too small */
#define WIZ_MIN_LINES	20	/* below this height likewise */
#define WIZ_FIELD_MAX	256	/* bytes in one typed field */
#define WIZ_STACK_MAX	16	/* screens deep */

struct wiz;

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

/* One walk and the strings its options point at. */
struct wiz_run {
	struct walk	*walk;		/* the walk (NULL if it could not start) */
	struct check_options opt;	/* the options it runs with */
	char		*host;		/* owned copies the options point at */
	char		*user;
	char		*mode;
	char		*explain_file;
	char		*sshd_config;
	char		*client_ip;
	char		**logs;		/* NULL-terminated, or NULL */
	int		 joined;	/* walk_join was called */
	int64_t		 started_ms;	/* monotonic start */
	int64_t		 ended_ms;	/* monotonic end, 0 while running */
};

/* The person's answer to one tree question. */
struct wiz_answer {
	const struct tree_question *q;	/* the question (points into the tree) */
	const struct tree_answer *a;	/* the answer, or NULL: skipped */
};

/* A one-line text prompt in the status line (save report, file to explain). */
struct wiz_prompt {
	int		 active;	/* the prompt has the keyboard */
	const char	*label;		/* what it asks */
	char		 buf[WIZ_FIELD_MAX];	/* what was typed */
	size_t		 len;		/* bytes in buf */
	void		(*done)(struct wiz *, const char *);	/* called with the answer */
};

struct wiz {
	const struct content *content;	/* tree, causes, articles */
	struct check_options base;	/* options from the command line */
	const char	*mode;		/* the mode chosen on the start screen */
	struct wiz_run	*run;		/* the current walk, or NULL */
	struct wiz_run	*prev;		/* the walk before a re-run, until the new one ends */
	struct strlist	 changes;	/* what the last re-run changed, one line each */
	int		 reruns;	/* how many re-runs happened */
	struct wiz_answer *answers;	/* questions answered or skipped, in that order */
	size_t		 nanswers;	/* number of entries */
	char		*paste_file;	/* private temp file of pasted text (removed on exit), or NULL */
	enum wiz_screen	 stack[WIZ_STACK_MAX];	/* screens, the current one last */
	size_t		 depth;		/* screens on the stack */
	int		 utf8;		/* the locale's codeset is UTF-8 */
	int		 color;		/* colours are in use */
	attr_t		 attr[WR_COUNT];	/* attribute for each role */
	const struct wiz_glyphs *g;	/* glyph set */
	char		*message;	/* one line for the status bar, or NULL */
	int		 message_error;	/* message is an error */
	struct wiz_prompt prompt;	/* the status-line prompt */
	int		 quit;		/* leave the main loop */
	int		 status;	/* exit status to return */
	int		 notify_fd[2];	/* the walk writes a byte to [1] on every change */
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

/* What every screen provides. */
struct screen_ops {
	const char	*name;		/* shown in the title bar */
	void		(*init)(struct wiz *);	/* called each time the screen is opened (pushed) */
	void		(*draw)(struct wiz *, WINDOW *);	/* paint the body window (already erased) */
	int		(*key)(struct wiz *, int);	/* handle a key; 1 if used, 0 to let the wizard handle it */
	const char	*(*hints)(struct wiz *);	/* the key-hint bar: "KEY label|KEY label" */
	int		(*cursor)(struct wiz *, int *, int *);	/* 1 and body y, x if a text cursor shows (may be NULL) */
	void		(*resize)(struct wiz *);	/* the size changed (may be NULL) */
	int		 live;		/* redraw on timer ticks while checks run */
	int		(*typing)(struct wiz *);	/* 1 while keys go into a text field ('q', '?', Backspace are text); may be NULL */
};

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

/* Navigation (wizard.c). */
void	 wiz_push(struct wiz *, enum wiz_screen);
void	 wiz_pop(struct wiz *);
/* Pop screens until scr is on top (push it if it is not on the stack). */
void	 wiz_back_to(struct wiz *, enum wiz_screen);
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

/* Questions (wizard.c). Questions of the tree for mode, in file order; returns their number. */
size_t	 wiz_questions(const struct wiz *, const char *mode,
	    const struct tree_question **, size_t max);
/* The entry for q, or NULL if it was neither answered nor skipped. */
const struct wiz_answer *wiz_answer_of(const struct wiz *, const struct tree_question *);
/* Record an answer (a NULL: skipped) and give it to the current walk. */
void	 wiz_answer(struct wiz *, const struct tree_question *, const struct tree_answer *);
/* The mode of the current walk (or the one chosen), "client" if none. */
const char *wiz_mode(const struct wiz *);
/* Questions of that mode neither answered nor skipped. */
size_t	 wiz_unasked(const struct wiz *, const char *mode);
/* Open the Questions screen: all 0 starts at the first unasked question, 1 at the first. */
void	 wiz_ask(struct wiz *, int all);
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
};
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
/* Why path cannot be read as a file (missing, not a regular file, begins with '-'), or NULL. */
const char *wiz_bad_file(const char *path, const char *what);

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

/* Why a host or user name is refused (begins with '-', blanks, controls), or NULL if it is fine. */
const char *wiz_bad_name(const char *s, const char *what);

/* Screen state resets between walks (screen-*.c). */
void	 screen_progress_reset(void);
void	 screen_evidence_select(size_t check);
void	 screen_article_open(const char *id);
void	 screen_questions_open(int first);

#endif
