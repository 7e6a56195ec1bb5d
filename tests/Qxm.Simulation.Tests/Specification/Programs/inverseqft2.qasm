// spec: examples/inverseqft2.qasm (the same with conditions on whole registers, OpenQASM 2 style)
// status: valid
// distribution: 000:1
OPENQASM 2.0;
include "qelib1.inc";
qreg q[3];
creg c0[1];
creg c1[1];
creg c2[1];
reset q;
h q;
barrier q;
h q[0];
measure q[0] -> c0[0];
if (c0 == 1) u1(-pi/2) q[1];
h q[1];
measure q[1] -> c1[0];
if (c0 == 1) u1(-pi/4) q[2];
if (c1 == 1) u1(-pi/2) q[2];
h q[2];
measure q[2] -> c2[0];
