import work, subprocess, re, json
def incl(cg, pat):
    out = subprocess.run(["callgrind_annotate", "--inclusive=yes", "--threshold=100", cg], capture_output=True, text=True).stdout
    for l in out.splitlines():
        if re.search(pat, l):
            return int(l.split()[0].replace(",", ""))
def total(cg):
    for l in open(cg):
        if l.startswith("totals:"): return int(l.split()[1])
rows = []
base = None
print("| variant | total Ir (M) | engine Ir (M) | compare completions | finished units | Ir/compl. | engine Ir/unit finished | d vs base (Ir/unit) | d % |")
print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
for v in ["base","nofail","nosetup","nobatch","nopool","nocarton","nosetup_nolots","expo","plain","bare","nopack"]:
    cg = "real_%s.cg" % v
    T = total(cg); E = incl(cg, r"src/engine/run.c:run\.lto_priv")
    w, u, d = work.realistic_work("/tmp/prof/real_%s.json" % v)
    rel = d['system']['released']['mean']
    epu = E / u
    if base is None: base = epu
    print("| %s | %.1f | %.1f | %.0f | %.0f | %.0f | %.0f | %+.0f | %+.1f %% |" % (v, T/1e6, E/1e6, w, u, T/w, epu, epu-base, 100*(epu-base)/base))
