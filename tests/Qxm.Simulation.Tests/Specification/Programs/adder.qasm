// spec: examples/adder.qasm (ripple-carry adder: gate definitions, input uint, bits of an integer, for, measure)
// status: valid
// expect: qasm.unsupported 9:7
// reason: the operands come in as 'input uint'; qxm binds only float and angle inputs
OPENQASM 3.0;
include "stdgates.inc";
gate maj a, b, c { cx c, b; cx c, a; ccx a, b, c; }
gate unmaj a, b, c { ccx a, b, c; cx c, a; cx a, b; }
input uint[2] x_in;
qubit carry;
qubit[2] a;
qubit[2] b;
qubit out;
bit[3] sum;
reset carry;
x a[0];
x b[0];
x b[1];
maj carry, b[0], a[0];
maj a[0], b[1], a[1];
cx a[1], out;
unmaj a[0], b[1], a[1];
unmaj carry, b[0], a[0];
sum[0] = measure b[0];
sum[1] = measure b[1];
sum[2] = measure out;
