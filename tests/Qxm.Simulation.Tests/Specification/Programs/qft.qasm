// spec: examples/qft.qasm (quantum Fourier transform written out with controlled phases)
// status: valid
// distribution: 000:0.125 001:0.125 010:0.125 011:0.125 100:0.125 101:0.125 110:0.125 111:0.125
OPENQASM 3.0;
include "stdgates.inc";
qubit[3] q;
bit[3] c;
reset q;
x q[0];
h q[0];
cp(pi / 2) q[1], q[0];
cp(pi / 4) q[2], q[0];
h q[1];
cp(pi / 2) q[2], q[1];
h q[2];
swap q[0], q[2];
c = measure q;
