// spec: examples/rb.qasm (randomised benchmarking: a Clifford sequence and its inverse)
// status: valid
// distribution: 00:1
OPENQASM 3.0;
include "stdgates.inc";
qubit[2] q;
bit[2] c;
reset q;
h q[0];
s q[1];
cx q[0], q[1];
barrier q;
cx q[0], q[1];
sdg q[1];
h q[0];
c = measure q;
