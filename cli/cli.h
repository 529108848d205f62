/* Shared pieces of the domcov command: exit codes, option parsing, store lookup, output. */
#ifndef DOMCOV_CLI_H
#define DOMCOV_CLI_H

#include "domcov.h"

#include <stdio.h>

/* Exit codes, like grep's: found/not found, then usage, then errors. */
enum cli_exit {
    EXIT_FOUND = 0,        /* covered / found */
    EXIT_NOT_FOUND = 1,    /* not covered / not found */
    EXIT_USAGE = 2,        /* bad command line */
    EXIT_STORE = 3,        /* the store is missing, unreadable or not a store */
    EXIT_INPUT = 4,        /* bad input data or argument values */
    EXIT_FAILURE_OTHER = 5 /* I/O, out of memory, internal */
};

typedef struct cli_command {
    const char *name;
    const char *summary;
    int (*run)(int argc, char **argv);
    void (*help)(FILE *out);
} cli_command;

/* Status of a library call -> exit code. */
int cli_exit_for_status(int status);
/* Prints "domcov CMD: what: message" for a failed library call and returns its exit code. */
int cli_fail(const char *cmd, int status, const char *what);
/* Prints a usage error with a hint to --help and returns EXIT_USAGE. */
int cli_usage(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/*
 * The store to use: --store, else $DOMCOV_STORE, else the sample store of the
 * build tree when this binary runs from it, else the installed sample store.
 * Never NULL.
 */
const char *cli_store_path(const char *option);
/* Opens the store (or prints why not and returns the exit code through *exit_code). */
domcov_db *cli_open_store(const char *cmd, const char *option, int *exit_code);

/* A double option value; 0 when the whole string is a number. */
int cli_parse_double(const char *s, double *v);

/* JSON output helpers. */
void json_string(FILE *out, const char *s);   /* "..." escaped, or null for NULL */
void json_number(FILE *out, double v);        /* shortest round-trip form; null for NaN/inf */
/* A city's "code", "name", "type", "region" and phone members (no braces), for both checks. */
void cli_city_fields_json(const domcov_city *c);

/* Point answers, shared by check by coordinates and by address. */
void cli_point_json(const domcov_point_result *r, int covered);
void cli_point_text(const domcov_point_result *r, int with_coordinates);
/* "internet" / "tv" -> enum domcov_service, -1 otherwise. */
int cli_parse_service(const char *s);

typedef struct cli_check_args {
    const char *store, *city, *candidates;
    int service;   /* -1: any */
    int json;
} cli_check_args;
int cli_check_address(const char *text, const cli_check_args *a);
/* The parts of a normalized address as a JSON object (no newline). */
void cli_address_parts_json(const domcov_address *a);

/* Subcommands. */
int cmd_check(int argc, char **argv);
void cmd_check_help(FILE *out);
int cmd_info(int argc, char **argv);
void cmd_info_help(FILE *out);
int cmd_build(int argc, char **argv);
void cmd_build_help(FILE *out);
int cmd_import(int argc, char **argv);
void cmd_import_help(FILE *out);
int cmd_export(int argc, char **argv);
void cmd_export_help(FILE *out);
int cmd_offices(int argc, char **argv);
void cmd_offices_help(FILE *out);
int cmd_batch(int argc, char **argv);
void cmd_batch_help(FILE *out);
int cmd_normalize(int argc, char **argv);
void cmd_normalize_help(FILE *out);
int cmd_suggest(int argc, char **argv);
/* A domcov_import_*_begin with its options behind a pointer, so one runner serves every kind. */
typedef int (*cli_import_begin)(const char *store, const char *file, const void *opts,
                                domcov_import **out);
/*
 * Begins, steps and commits an import, redrawing a progress line on standard
 * error when it is a terminal (and not quiet); *report as domcov_import_commit
 * gives it.  Returns the status of the first failed call.
 */
int cli_import_run(const char *store, const char *file, int quiet, cli_import_begin begin,
                   const void *opts, domcov_import_report **report);
/* domcov import houses (dispatched by the import command). */
int cli_import_houses(int argc, char **argv);
void cli_import_houses_help(FILE *out);
void cmd_suggest_help(FILE *out);

#endif
