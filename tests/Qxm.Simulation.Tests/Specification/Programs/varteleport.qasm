// spec: examples/varteleport.qasm (teleportation over a chain named with 'let', a loop over its links)
// status: valid
// distribution: 000:0.25 001:0.25 010:0.25 011:0.25
OPENQASM 3.0;
include "stdgates.inc";
qubit[3] q;
let link = q[1:2];
bit a;
bit b;
bit out;
reset q;
x q[0];
h link[0];
cx link[0], link[1];
cx q[0], link[0];
h q[0];
a = measure q[0];
b = measure link[0];
if (b == 1) { x link[1]; }
if (a == 1) { z link[1]; }
x link[1];
out = measure link[1];
