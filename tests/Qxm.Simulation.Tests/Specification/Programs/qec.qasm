// spec: examples/qec.qasm (repetition code: syndrome measurement and a correction chosen from the syndrome)
// status: valid
// distribution: 00011:1
OPENQASM 3.0;
include "stdgates.inc";
qubit[3] data;
qubit[2] ancilla;
bit[2] syndrome;
bit[3] out;
reset data;
reset ancilla;
x data[1];
cx data[0], ancilla[0];
cx data[1], ancilla[0];
cx data[1], ancilla[1];
cx data[2], ancilla[1];
syndrome = measure ancilla;
if (syndrome == 1) { x data[0]; }
if (syndrome == 3) { x data[1]; }
if (syndrome == 2) { x data[2]; }
out = measure data;
