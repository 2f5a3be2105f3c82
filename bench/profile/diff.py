import sys, subprocess, collections, work
def load(v):
    out = subprocess.run(["python3","cgsum.py","real_%s.cg"%v,"1"],capture_output=True,text=True,env={"TOPN":"100000","PATH":"/usr/bin:/bin"}).stdout
    cats, fns, sec = {}, {}, None
    for l in out.splitlines():
        if l.startswith("== by cat"): sec="c"; continue
        if l.startswith("== top"): sec="f"; continue
        p=l.split()
        if sec=="c" and len(p)>=4:
            cats[" ".join(p[:-4])]=int(p[-4])
        elif sec=="f" and len(p)>=6:
            fns[(p[0]," ".join(p[1:-4]))]=int(p[-4])
    u = work.realistic_work("/tmp/prof/real_%s.json"%v)[1]
    return cats, fns, u
a, b = sys.argv[1], sys.argv[2]
ca, fa, ua = load(a); cb, fb, ub = load(b)
print("per finished unit: %s %.0f units, %s %.0f units" % (a, ua, b, ub))
print("-- categories (Ir per finished unit): %s -> %s" % (a, b))
for k in sorted(set(ca)|set(cb), key=lambda k: -(abs(cb.get(k,0)/ub - ca.get(k,0)/ua))):
    d = cb.get(k,0)/ub - ca.get(k,0)/ua
    if abs(d) >= 5: print("  %-38s %8.0f %8.0f %+8.0f" % (k, ca.get(k,0)/ua, cb.get(k,0)/ub, d))
print("-- functions")
for k in sorted(set(fa)|set(fb), key=lambda k: -(abs(fb.get(k,0)/ub - fa.get(k,0)/ua)))[:int(sys.argv[3]) if len(sys.argv)>3 else 15]:
    d = fb.get(k,0)/ub - fa.get(k,0)/ua
    print("  %-28s %-28s %8.0f %8.0f %+8.0f" % (k[0][-28:], k[1], fa.get(k,0)/ua, fb.get(k,0)/ub, d))
