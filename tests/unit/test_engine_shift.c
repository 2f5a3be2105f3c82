/*
 * test_engine_shift.c: the shift calendar (src/engine/shift.c, shift.h)
 * and its events. The calendar answers which shift works at t, when that
 * next changes and how much working time lies in [a, b): checked at the
 * edges of shifts, breaks, holidays and the week (time 0 is Monday 00:00).
 * The events: a saturated line is off shift exactly outside working time.
 */
#include "engine_fixture.h"

#include "engine/shift.h"

/* Mon-Fri 06:00-14:00 with a break 10:00-10:30, Wednesday of the first
 * week a holiday; in hours. */
static const char *const WEEK =
    "name: week\n"
    "time_unit: h\n"
    "products: [{name: p}]\n"
    "release: {interarrival: 1 h}\n"
    "stations: {m: {process: 6 min}}\n"
    "routes: {default: [m]}\n"
    "shifts:\n"
    "  pattern:\n"
    "    - {start: \"06:00\", end: \"14:00\", days: [mon, tue, wed, thu, fri]}\n"
    "  breaks: [{start: \"10:00\", duration: 30 min}]\n"
    "  holidays: [2]\n";

static void calendar_edges(void **state)
{
    (void)state;
    az_model *m = fx_load(WEEK);
    azi_shift_cal w;
    az_error err;
    assert_int_equal(azi_shift_build(&w, m, &err), AZ_OK);
    assert_false(w.always);
    FX_NEAR(w.day, 24);
    FX_NEAR(w.week, 168);
    /* a shift's and a break's start are in, their end out */
    assert_int_equal(azi_shift_at(&w, 0), -1);
    assert_int_equal(azi_shift_at(&w, 6), 0);
    assert_int_equal(azi_shift_at(&w, 10), -1);
    assert_int_equal(azi_shift_at(&w, 10.5), 0);
    assert_int_equal(azi_shift_at(&w, 14), -1);
    assert_false(azi_shift_on(&w, 13.999 + 0.001));
    /* the changes of a day */
    FX_NEAR(azi_shift_next(&w, 0), 6);
    FX_NEAR(azi_shift_next(&w, 6), 10);
    FX_NEAR(azi_shift_next(&w, 10), 10.5);
    FX_NEAR(azi_shift_next(&w, 10.5), 14);
    FX_NEAR(azi_shift_next(&w, 14), 24 + 6);
    /* Tuesday's end: Wednesday is a holiday, so Thursday 06:00 */
    FX_NEAR(azi_shift_next(&w, 24 + 14), 72 + 6);
    assert_int_equal(azi_shift_at(&w, 48 + 7), -1);
    /* Friday's end: next Monday 06:00, across the week's edge */
    FX_NEAR(azi_shift_next(&w, 96 + 14), 168 + 6);
    /* working time: 7.5 h a day, four days in week 0, five in week 1 */
    FX_NEAR(azi_shift_between(&w, 0, 168), 4 * 7.5);
    FX_NEAR(azi_shift_between(&w, 168, 336), 5 * 7.5);
    FX_NEAR(azi_shift_between(&w, 9, 11), 1.5);  /* across the break */
    FX_NEAR(azi_shift_between(&w, 11, 9), 0);    /* an empty span */
    FX_NEAR(azi_shift_between(&w, 48, 72), 0);   /* the holiday */
    double pub;
    assert_int_equal(az_model_working_time(m, 0, 336, &pub, &err), AZ_OK);
    FX_NEAR(pub, 9 * 7.5);
    azi_shift_free(&w);
    az_model_free(m);
}

/* A night shift from Sunday 22:00 runs into Monday: it wraps the week. */
static void overnight_wraps_week(void **state)
{
    (void)state;
    az_model *m = fx_load("name: night\n"
                          "time_unit: h\n"
                          "products: [{name: p}]\n"
                          "release: {interarrival: 1 h}\n"
                          "stations: {m: {process: 6 min}}\n"
                          "routes: {default: [m]}\n"
                          "shifts:\n"
                          "  pattern:\n"
                          "    - {start: \"22:00\", end: \"06:00\","
                          " days: [sun]}\n");
    azi_shift_cal w;
    az_error err;
    assert_int_equal(azi_shift_build(&w, m, &err), AZ_OK);
    assert_int_equal(azi_shift_at(&w, 0), 0);    /* Monday 00:00 */
    assert_int_equal(azi_shift_at(&w, 167), 0);  /* Sunday 23:00 */
    assert_int_equal(azi_shift_at(&w, 6), -1);
    FX_NEAR(azi_shift_next(&w, 6), 166);
    FX_NEAR(azi_shift_next(&w, 166), 168 + 6);
    FX_NEAR(azi_shift_between(&w, 0, 168), 8);
    azi_shift_free(&w);
    az_model_free(m);
}

/* A line without shifts works round the clock. */
static void no_shifts(void **state)
{
    (void)state;
    az_model *m = fx_load("name: always\n"
                          "time_unit: h\n"
                          "products: [{name: p}]\n"
                          "release: {interarrival: 1 h}\n"
                          "stations: {m: {process: 6 min}}\n"
                          "routes: {default: [m]}\n");
    azi_shift_cal w;
    az_error err;
    assert_int_equal(azi_shift_build(&w, m, &err), AZ_OK);
    assert_true(w.always);
    assert_int_equal(azi_shift_at(&w, 3), 0);
    assert_true(isinf(azi_shift_next(&w, 3)));
    FX_NEAR(azi_shift_between(&w, 2, 50), 48);
    azi_shift_free(&w);
    az_model_free(m);
}

/* The events: in minutes, a saturated machine over two weeks is off shift
 * exactly outside working time (9 x 7.5 h of 336 h), and works the rest. */
static void line_follows_calendar(void **state)
{
    (void)state;
    az_model *m = fx_load("name: shifts\n"
                          "time_unit: min\n"
                          "products: [{name: p}]\n"
                          "release: {interarrival: 0 min}\n"
                          "stations: {m: {process: 6 min}}\n"
                          "buffers: {into_m: {to: m, capacity: 1}}\n"
                          "routes: {default: [m]}\n"
                          "shifts:\n"
                          "  pattern:\n"
                          "    - {start: \"06:00\", end: \"14:00\","
                          " days: [mon, tue, wed, thu, fri]}\n"
                          "  breaks: [{start: \"10:00\", duration: 30 min}]\n"
                          "  holidays: [2]\n"
                          "  off_shift: finish\n");
    az_sim *s;
    double horizon = 336 * 60.0, working = 9 * 7.5 * 60;
    fx_results(m, horizon, 0, &s);
    FX_NEAR(FX_ST(s, 0, AZ_M_OFF), 1 - working / horizon);
    FX_NEAR(FX_ST(s, 0, AZ_M_UTIL), working / horizon);
    /* 6 min a unit: 10 an hour of working time, exactly */
    assert_true(FX_SYS(s, AZ_M_COMPLETED) == 9 * 7.5 * 10);
    az_sim_free(s);
    az_model_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(calendar_edges),
        cmocka_unit_test(overnight_wraps_week),
        cmocka_unit_test(no_shifts),
        cmocka_unit_test(line_follows_calendar),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
