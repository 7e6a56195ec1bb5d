// spec: examples/gateteleport.qasm (gate teleportation: a subroutine returning measured bits, extern decoding)
// status: valid
// expect: qasm.extern-unavailable 13:11
// reason: the correction is computed by an extern function, which no backend qxm runs provides
OPENQASM 3.0;
include "stdgates.inc";
extern decode(bit[2]) -> bit;
qubit[2] q;
bit[2] m;
h q[0];
cx q[0], q[1];
m = measure q;
int fix = decode(m);
