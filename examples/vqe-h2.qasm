// A hardware-efficient ansatz on two qubits: a layer of Y rotations, an entangler, another layer. Real amplitudes
// suffice for H2's ground state, which in the parity mapping with two qubits tapered off is a real superposition of
// |01> and |10>.
OPENQASM 3.0;
include "stdgates.inc";
input float[64] t0;
input float[64] t1;
input float[64] t2;
input float[64] t3;
qubit[2] q;
ry(t0) q[0];
ry(t1) q[1];
cx q[0], q[1];
ry(t2) q[0];
ry(t3) q[1];
