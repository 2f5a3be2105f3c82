#!/bin/sh
# sequential callgrind runs (one CPU-heavy process at a time)
cd /tmp/wt-prof
AZ=build/rel/azalea
cg() { name=$1; shift; valgrind --tool=callgrind --callgrind-out-file=/tmp/prof/$name.cg "$@" >/tmp/prof/$name.out 2>/tmp/prof/$name.vg; echo "$name rc=$?"; }
cg mm1cli  $AZ run bench/models/mm1.yaml --threads 1 --reps 1 --horizon "1111111.111 s" --json /tmp/prof/mm1cli.json
cg line10  $AZ run bench/models/line10.yaml --threads 1 --reps 3 --horizon "200000 s" --json /tmp/prof/line10.json
cg factory $AZ run examples/smartphone-factory.yaml --threads 1 --reps 1 --horizon "1 year" --json /tmp/prof/factory.json
for v in base nofail nosetup nobatch nopool nocarton nosetup_nolots expo plain bare; do
  cg real_$v $AZ run /tmp/prof/var/$v.yaml --threads 1 --reps 3 --json /tmp/prof/real_$v.json
done
echo done
