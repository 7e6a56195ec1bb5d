// spec: examples/alignment.qasm (a stretch naming a delay the device chooses, delays scaled by it, barriers)
// status: valid
// distribution: 000:0.5 100:0.5
OPENQASM 3.0;
include "stdgates.inc";
stretch g;
qubit[3] q;
bit[3] c;
barrier q;
cx q[0], q[1];
delay[g] q[2];
U(pi/2, 0, pi) q[2];
delay[g] q[2];
barrier q;
c = measure q;
