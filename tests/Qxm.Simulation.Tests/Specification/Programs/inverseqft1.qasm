// spec: examples/inverseqft1.qasm (semiclassical inverse QFT: rotations conditioned on measured bits read as an int)
// status: valid
// distribution: 000:1
OPENQASM 3.0;
include "stdgates.inc";
qubit[3] q;
bit[3] c;
reset q;
h q;
barrier q;
h q[0];
c[0] = measure q[0];
if (int[3](c) == 1) { rz(-pi / 2) q[1]; }
h q[1];
c[1] = measure q[1];
if (c[0] == 1) { rz(-pi / 4) q[2]; }
if (c[1] == 1) { rz(-pi / 2) q[2]; }
h q[2];
c[2] = measure q[2];
