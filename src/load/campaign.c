/*
 * campaign.c: the release's campaigns, `release: {campaigns: [...]}`, one
 * family at a time, in order and over again (model.h, az_campaign):
 *
 *     campaigns:
 *       - {family: main, units: 500}
 *       - {family: led, time: 8 h}
 *
 * Pass 1 reads each campaign: a family name and exactly one of `units`
 * (an integer >= 1) and `time` (a duration > 0). Pass 2 checks that the
 * family is some product's (with the nearest suggested). Pass 3 hands the
 * list to az_model_set_campaigns; az_model_check then asks that the
 * family has a product in the mix with a share > 0.
 *
 * Prefix azi_campaigns_. Calls names.c, value.c and the document layers;
 * only sections.c (the release) calls it.
 */
#include "load/sections.h"
#include "util/suggest.h"

#include <stdio.h>
#include <string.h>

static const azi_load_field CAMPAIGN_FIELDS[] = {
    AZI_FIELD("family", name, OFF(campaign_spec, family), 1, NULL,
              "the family released"),
    AZI_FIELD("units", u32_min1, OFF(campaign_spec, units), 0, NULL,
              "the campaign runs for this many units (or give `time`)"),
    AZI_FIELD("time", duration_pos, OFF(campaign_spec, time), 0, NULL,
              "the campaign runs for this time from its first release (or "
              "give `units`)"),
};
static const azi_load_type T_CAMPAIGN = {.kind = AZI_T_OBJECT,
    .fields = CAMPAIGN_FIELDS, .nfields = NFIELDS(CAMPAIGN_FIELDS)};
const azi_load_type azi_campaigns_list = {.kind = AZI_T_LIST,
    .flags = AZI_T_NONEMPTY, .item = &T_CAMPAIGN};
enum { CAMP_FAMILY = BIT(0), CAMP_UNITS = BIT(1), CAMP_TIME = BIT(2) };

void azi_campaigns_read(azi_load *L, model_spec *ms)
{
    release_spec *r = &ms->release;
    const azi_load_node *v = r->campaigns;
    char got[64];
    if (v->kind != AZI_LOAD_LIST || v->n == 0) {
        azi_load_report(L, v->loc, "expected a list of campaigns such as "
                        "[{family: main, units: 500}, {family: led, time: "
                        "8 h}], got %s", azi_yaml_desc(v, got, sizeof got));
        return;
    }
    if (!(r->camp = azi_load_alloc(L, v->n * sizeof *r->camp)))
        return;
    memset(r->camp, 0, v->n * sizeof *r->camp);
    r->ncamp = v->n;
    for (size_t i = 0; i < v->n; i++) {
        campaign_spec *c = &r->camp[i];
        azi_load_seen seen = {0};
        c->node = v->item[i];
        if (!azi_fields_read(L, c->node, CAMPAIGN_FIELDS,
                             NFIELDS(CAMPAIGN_FIELDS), c, "a campaign", 0,
                             &seen))
            continue; /* not a mapping: reported */
        unsigned both = CAMP_UNITS | CAMP_TIME;
        if ((seen.present & both) == both)
            azi_load_report(L, azi_names_key_of(c->node, "time")->loc,
                            "a campaign runs for 'units' or for a 'time', "
                            "not both");
        else if (!(seen.present & both))
            azi_load_report(L, c->node->loc, "missing 'units' or 'time' in "
                            "the campaign: how long it runs");
        else
            c->ok = (seen.valid & CAMP_FAMILY) &&
                    (seen.valid & both) == (seen.present & both);
    }
}

void azi_campaigns_resolve(azi_load *L, model_spec *ms)
{
    release_spec *r = &ms->release;
    if (!ms->products_ok)
        return;
    int ok = 1;
    for (size_t i = 0; i < r->ncamp; i++) {
        campaign_spec *c = &r->camp[i];
        ok &= c->ok;
        if (!c->ok)
            continue;
        size_t k = 0; /* a broken product has no family: NULL */
        while (k < ms->nprod && (!azi_names_family(&ms->prod[k]) ||
                                 strcmp(azi_names_family(&ms->prod[k]),
                                        c->family)))
            k++;
        if (k < ms->nprod)
            continue;
        azi_suggest s;
        char q[80], sug[160];
        azi_suggest_init(&s, c->family);
        for (size_t j = 0; j < ms->nprod; j++)
            azi_suggest_add(&s, azi_names_family(&ms->prod[j]));
        azi_load_report(L, azi_yaml_get(c->node, "family")->loc,
                        "undefined family %s in the campaigns%s",
                        azi_names_quoted(c->family, q, sizeof q),
                        azi_suggest_text(&s, sug, sizeof sug));
        ok = 0;
    }
    r->camp_ok = ok;
}

az_status azi_campaigns_build(azi_load *L, const model_spec *ms, az_model *m,
                              uint32_t source)
{
    const release_spec *r = &ms->release;
    az_error e;
    az_campaign *c = azi_load_alloc(L, r->ncamp * sizeof *c);
    if (!c)
        return AZ_ENOMEM;
    for (size_t i = 0; i < r->ncamp; i++)
        c[i] = (az_campaign){r->camp[i].family, r->camp[i].units,
                             r->camp[i].time};
    return azi_names_api(L, r->campaigns,
                         az_model_set_campaigns(m, source, c,
                                                (uint32_t)r->ncamp, &e),
                         &e);
}
