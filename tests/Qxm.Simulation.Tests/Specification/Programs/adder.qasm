// spec: examples/adder.qasm (ripple-carry adder: gate definitions, unsigned integers read bit by bit, for, measure)
// status: valid
// distribution: 0100:1
// why: the operands are set from the bits of a = 1 and b = 3, so b ends 00 with the carry out 1 (1 + 3 = 4) and the
// carry in restored to 0: highest first, sum is carry in, carry out, b[1], b[0].
OPENQASM 3.0;
include "stdgates.inc";
gate maj a, b, c { cx c, b; cx c, a; ccx a, b, c; }
gate unmaj a, b, c { ccx a, b, c; cx c, a; cx a, b; }
uint[2] a_in = 1;
uint[2] b_in = 3;
qubit carry;
qubit[2] a;
qubit[2] b;
qubit out;
bit[4] sum;
reset carry;
for uint i in [0:1] {
  if (bool(a_in[i])) x a[i];
  if (bool(b_in[i])) x b[i];
}
maj carry, b[0], a[0];
maj a[0], b[1], a[1];
cx a[1], out;
unmaj a[0], b[1], a[1];
unmaj carry, b[0], a[0];
sum[0] = measure b[0];
sum[1] = measure b[1];
sum[2] = measure out;
sum[3] = measure carry;
