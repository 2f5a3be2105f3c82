import json, sys
REAL_PARTS = ("lcd_transfer", "adhesive", "placer", "screw", "vibration_test", "rework", "inspection")
def realistic_work(path):
    d = json.load(open(path)); r = d['run']; reps = r['replications']
    span, horizon = r['horizon'] - r['warmup'], r['horizon']
    st = {s['name']: s for s in d['stations']}
    per = sum(st[n]['visit_rate']['mean'] for n in REAL_PARTS) * horizon
    oven = st['curing_oven']
    if 'batch' in open(path.replace('.json','.yaml').replace('/tmp/prof/real_','/tmp/prof/var/')).read():
        per += oven['utilisation']['mean'] * oven['machines'] * horizon / 900.0
    else:
        per += oven['visit_rate']['mean'] * horizon
    cart = d['system']['cartons']['mean'] * horizon / span
    if cart > 0: per += cart
    elif 'pack' in st: per += st['pack']['visit_rate']['mean'] * horizon   # no cartons: one per unit packed
    units = d['system']['completed']['mean'] * horizon / span   # finished units over the whole run
    released = d['system']['released']['mean']
    return per * reps, units * reps, d
def completions(path):
    d = json.load(open(path)); r = d['run']
    span = r['horizon'] - r['warmup']
    return sum(s['visit_rate']['mean'] for s in d['stations']) * span * r['replications']
if __name__ == '__main__':
    print(realistic_work(sys.argv[1])[:2])
