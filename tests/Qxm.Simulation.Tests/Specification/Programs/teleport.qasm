// spec: examples/teleport.qasm (teleportation: Bell pair, Bell measurement, corrections on measured bits)
// status: valid
// distribution: 000:0.25 001:0.25 010:0.25 011:0.25
OPENQASM 3.0;
include "stdgates.inc";
qubit[3] q;
bit a;
bit b;
bit out;
reset q;
U(pi, 0, pi) q[0];
h q[1];
cx q[1], q[2];
cx q[0], q[1];
h q[0];
a = measure q[0];
b = measure q[1];
if (b == 1) { x q[2]; }
if (a == 1) { z q[2]; }
x q[2];
out = measure q[2];
