// A Bell pair in the native gates of examples/devices/flaky.json (h = rz sx rz), for the README's fault-plan tour.
OPENQASM 3.0;
include "stdgates.inc";
qubit[2] q;
bit[2] c;
rz(pi/2) q[0];
sx q[0];
rz(pi/2) q[0];
cx q[0], q[1];
c = measure q;
