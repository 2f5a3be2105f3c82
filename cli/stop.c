/*
 * stop.c: the graceful stop of the commands that run models (run,
 * compare, improve, sweep). The library reads cli_stop_signal as its
 * cancel flag (az_experiment_config.stop).
 */
#include <signal.h>
#include <string.h>

#include "cli.h"

/* Graceful stop: the first SIGINT or SIGTERM only sets cli_stop_signal (the
 * run then finishes its running replications and reports those done);
 * the handler puts the default action back, so a second one stops at
 * once. A signal ignored when azalea started (`nohup`, `azalea &` in a
 * script) stays ignored, as the shell meant. */
volatile sig_atomic_t cli_stop_signal;
static volatile sig_atomic_t caught_int, caught_term;

static void set_action(int sig, void (*handler)(int))
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = handler;
    sa.sa_flags = SA_RESTART;
    sigemptyset(&sa.sa_mask);
    sigaction(sig, &sa, NULL);
}

static void on_stop_signal(int sig)
{
    if (caught_int) /* sigaction is async-signal-safe */
        set_action(SIGINT, SIG_DFL);
    if (caught_term)
        set_action(SIGTERM, SIG_DFL);
    cli_stop_signal = sig;
}

static int ignored(int sig)
{
    struct sigaction old;
    return sigaction(sig, NULL, &old) == 0 && old.sa_handler == SIG_IGN;
}

/* on: catch SIGINT and SIGTERM (those not ignored); else put back the
 * default for the ones caught. */
void cli_catch_stop_signals(int on)
{
    if (on) {
        caught_int = !ignored(SIGINT);
        caught_term = !ignored(SIGTERM);
    }
    if (caught_int)
        set_action(SIGINT, on ? on_stop_signal : SIG_DFL);
    if (caught_term)
        set_action(SIGTERM, on ? on_stop_signal : SIG_DFL);
    if (!on)
        caught_int = caught_term = 0;
}

const char *cli_stop_name(void)
{
    return cli_stop_signal == SIGINT ? "SIGINT" : "SIGTERM";
}
