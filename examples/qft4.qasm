// The 4-qubit quantum Fourier transform of the basis state |0101> (x on q[0] and q[2]),
// built from h and cu1 only. It has NO final swaps, so the output qubits come out in reversed
// order; for a basis-state input every one of the 16 outcomes has probability 1/16 either way,
// and the input is encoded in the relative phases.
OPENQASM 2.0;
include "qelib1.inc";
qreg q[4];
creg c[4];
x q[0];
x q[2];
h q[3];
cu1(pi/2) q[2], q[3];
cu1(pi/4) q[1], q[3];
cu1(pi/8) q[0], q[3];
h q[2];
cu1(pi/2) q[1], q[2];
cu1(pi/4) q[0], q[2];
h q[1];
cu1(pi/2) q[0], q[1];
h q[0];
measure q -> c;
