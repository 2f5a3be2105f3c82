/*
 * help.c: `azalea --help` and `azalea help CMD` (also `azalea CMD
 * --help`): one text per command, so the whole help and a command's help
 * cannot disagree. docs/azalea.1 describes every option named here
 * (tests/install/test_install.sh checks it).
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"

typedef struct help_part {
    const char *cmd;   /* the command it belongs to, or NULL: shared */
    const char *text;
} help_part;

/* The synopsis, a command (and its wrapped description) a line. */
static const help_part synopsis[] = {
    {"run", "azalea run [FILE] [options]   simulate a model (default: the "
            "built-in example)\n"},
    {"check", "azalea check FILE [--set P=V]  validate a model, print every "
              "problem\n"},
    {"compare", "azalea compare FILE --scenario \"P=V; P=V\"...   what-ifs "
                "against the base\n"},
    {"improve", "azalea improve FILE            rank single changes (+1 "
                "machine, bigger\n"
                "                               buffers, +1 person) by what "
                "they buy\n"},
    {"sweep", "azalea sweep FILE --param P=a..b:step [--param P=x,y,z] "
              "[--csv DIR]\n"
              "                               run a grid over one or two "
              "values\n"},
    {"optimize", "azalea optimize FILE           the best line for a budget, or "
                 "the cheapest\n"
                 "                               for a target (the model's "
                 "optimize: section)\n"},
    {"fit", "azalea fit DATA [--column NAME] [--unit s]   fit distributions\n"
            "                               to observed durations, best as "
            "YAML\n"
            "azalea fit --downtime LOG [--model FILE] [--end T]\n"
            "                               failures blocks from a downtime "
            "log\n"},
    {"draw", "azalea draw FILE -o LINE.svg   draw the line as a flow diagram "
             "(needs Graphviz)\n"},
    {"animate", "azalea animate FILE -o REPLAY.html [--from T] [--to T] [--rep N]\n"
                "                               replay one replication on the "
                "line diagram\n"},
    {"examples", "azalea examples                list the built-in examples\n"},
    {"schema", "azalea schema                  print the model file's JSON "
               "Schema\n"},
    {"version", "azalea version                 the version and the "
                "libraries'\n"},
    {"help", "azalea help [COMMAND]          this help, or one command's\n"},
};
enum { NSYN = sizeof synopsis / sizeof *synopsis };

/* A synopsis entry, "usage: " before the first and its indent before
 * the others, each continuation line indented as much. */
static void put_synopsis(const char *text, int first, FILE *out)
{
    const char *lead = first ? "usage: " : "       ";
    for (const char *p = text; *p;) {
        const char *e = strchr(p, '\n');
        fprintf(out, "%s%.*s", lead, (int)(e - p) + 1, p);
        lead = "       ";
        p = e + 1;
    }
}

static const char run_options[] =
    "run options:\n"
    "  --example NAME     run a built-in example instead of a file\n"
    "  --reps N           replications (default: the model's run.replications)\n"
    "  --seed S           experiment seed\n"
    "  --horizon T        simulated time per replication, e.g. '1 year'\n"
    "  --warmup T         warm-up dropped from the statistics, e.g. '2 d', 0\n"
    "                     (none), or 'auto' (MSER-5 on pilot replications)\n"
    "  --precision X      add replications until the headline figures' CI\n"
    "                     half-widths are below X of their means (e.g. 1%)\n"
    "  --max-reps N       cap of a --precision run (1000)\n"
    "  --threads N        replications in parallel (default: every core;\n"
    "                     results do not change)\n"
    "  --set PATH=VALUE   change a model value, e.g. stations.screw.machines=3\n"
    "  --json FILE        also write the results as JSON ('-': stdout, and\n"
    "                     the table goes to stderr)\n"
    "  --csv DIR          also write the results as CSV files into DIR\n"
    "  --db FILE          also append the run to an SQLite results database\n"
    "  --report FILE      also write an HTML report with charts (needs gnuplot)\n"
    "  --trace FILE       also write every state change of replication 1 as CSV\n"
    "                     ('-': stdout, as for --json)\n"
    "  --on-error continue  leave a failing replication out (named) and report\n"
    "                     the others (default: stop, the run fails)\n"
    "  --initial FILE     start every replication from this state of the shop\n"
    "                     floor (docs/twin.md) and forecast: --horizon then\n"
    "                     counts from its time and may be 'end of shift',\n"
    "                     'end of day' or 'end of week'; warm-up 0 unless given\n"
    "  --snapshot-at T --snapshot FILE  also write the state of replication 1\n"
    "                     at time T ('2 14:00', a date-time, or '62 h') as a\n"
    "                     state file that --initial continues exactly\n";

static const char whatif_options[] =
    "compare / improve options: the run options but --trace, --precision,\n"
    "  --on-error, --initial and --snapshot; --json FILE holds the base's results and\n"
    "  each scenario paired with it, --csv DIR writes DIR/comparison.csv\n"
    "  (one row per run) and the base's tables, --db FILE appends every run\n"
    "  linked to a comparison, --report FILE charts the paired changes; and\n"
    "  --scenario \"P=V; P=V\"  a what-if (compare; repeatable)\n"
    "  --buffer-step K    places added to each finite buffer (improve; 5)\n"
    "  --top N            lines shown (improve; 10)\n"
    "  (improve runs 5 replications unless --reps is given)\n"
    "  --select METRIC    name the best by KN with a guarantee: throughput,\n"
    "                     lead_time or wip (improve: among its top five)\n"
    "  --delta D          the smallest difference worth finding, e.g. 0.5/h,\n"
    "                     '5 min' or 2 (units)\n"
    "  --pcs P            probability of correct selection (0.95)\n"
    "  --max-reps N       replications a scenario may get in --select (1000)\n";

static const char sweep_options[] =
    "sweep options: as compare's, but --report and --select, and\n"
    "  --param P=a..b:step  or P=x,y,z: a value to vary (one or two)\n"
    "  --csv DIR          DIR/sweep.csv, one row per grid point\n"
    "  --json FILE        the parameters and every point\n"
    "  --db FILE          append every point to an SQLite results database\n";

static const char optimize_options[] =
    "optimize options: the run options but --trace, --precision and\n"
    "  --on-error (--reps and --horizon: the confirmation's); --json FILE,\n"
    "  --csv DIR, --db FILE and --report FILE as compare's, with the search\n"
    "  (--csv: DIR/optimization.csv, every configuration screened); and\n"
    "  --budget B        the most throughput for cost <= B (over the model's)\n"
    "  --target T        the least cost for T units/h or more\n";
static const char fit_options[] =
    "fit options: --column NAME (default: the first), --unit U (of the\n"
    "  data; s), --report FILE (histogram, Q-Q and P-P plots; gnuplot),\n"
    "  --bootstrap N (data sets for the p-values; 99), --seed S (1);\n"
    "  --downtime LOG, --model FILE (check its names), --end T (the log's end)\n";

static const char draw_options[] =
    "draw options:\n"
    "  --output FILE      (or -o) where to write the diagram ('-': stdout,\n"
    "                     the default)\n"
    "  --format F         svg (laid out by Graphviz's dot; the default) or\n"
    "                     dot (the DOT text); .dot and .gv files are dot\n"
    "  --example NAME, --set PATH=VALUE  as run's\n";

static const char animate_options[] =
    "animate options:\n"
    "  --output FILE      (or -o) the page to write, one HTML file that opens\n"
    "                     offline (needs Graphviz's dot for the diagram)\n"
    "  --from T, --to T   the window replayed: a run day and a clock time\n"
    "                     ('1 06:00'), a date-time, or a duration from time 0\n"
    "                     ('26 h'); default: the first day the line works\n"
    "  --rep N            the replication (from 1; default 1, the one --trace\n"
    "                     writes)\n"
    "  --initial STATE    start from a state of the shop floor, as run's; the\n"
    "                     window starts at its time\n"
    "  --max-mb N         refuse a window whose events take more than N MiB\n"
    "                     (default 128, about 15 months of the reference\n"
    "                     factory; the page is a third larger)\n"
    "  --seed S, --horizon T, --warmup T, --example NAME, --set PATH=VALUE\n"
    "                     as run's\n";

static const char check_options[] =
    "check options:\n"
    "  --example NAME     check a built-in example instead of a file\n"
    "  --set PATH=VALUE   change a model value first, as run's\n"
    "  --initial FILE     also check a state of the shop floor against the\n"
    "                     model (docs/twin.md), as run --initial reads it\n";

static const char mpi_note[] =
    "MPI build (make MPI=1): mpirun -np N build/mpi/azalea run ...\n";

/* Which parts each command's help shows, in order. */
static const help_part parts[] = {
    {"run", run_options},      {"check", check_options},
    {"compare", run_options},  {"compare", whatif_options},
    {"improve", run_options},  {"improve", whatif_options},
    {"sweep", run_options},    {"sweep", whatif_options},
    {"sweep", sweep_options},  {"optimize", run_options},
    {"optimize", optimize_options}, {"fit", fit_options},
    {"draw", draw_options},    {"animate", animate_options},
    {"run", mpi_note},
};

void cli_usage(FILE *out)
{
    for (size_t i = 0; i < NSYN; i++)
        put_synopsis(synopsis[i].text, i == 0, out);
    fputc('\n', out);
    fputs(run_options, out);
    fputs(check_options, out);
    fputs(whatif_options, out);
    fputs(sweep_options, out);
    fputs(optimize_options, out);
    fputs(fit_options, out);
    fputs(draw_options, out);
    fputs(animate_options, out);
    fputs(mpi_note, out);
}

int cli_help(const char *cmd, FILE *out)
{
    if (!cmd) {
        cli_usage(out);
        return 0;
    }
    size_t k = 0;
    while (k < NSYN && strcmp(synopsis[k].cmd, cmd))
        k++;
    if (k == NSYN) {
        fprintf(stderr, "azalea: no command '%s' (see 'azalea help')\n", cmd);
        return EXIT_USAGE;
    }
    put_synopsis(synopsis[k].text, 1, out);
    for (size_t i = 0; i < sizeof parts / sizeof *parts; i++)
        if (!strcmp(parts[i].cmd, cmd)) {
            fputc('\n', out);
            fputs(parts[i].text, out);
        }
    return 0;
}
