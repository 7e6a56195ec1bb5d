// spec: examples/ipe.qasm (iterative phase estimation: a loop of controlled powers of a phase, measurements into an angle that corrects the next pass)
// status: valid
// distribution: 001:1
// why: the target's phase is 1/8 of a turn (binary 0.001). Pass i applies the controlled power 2^(2-i), undoes the
// phase of the bits already read (the angle c, shifted down first, so its bits weigh 1/8, 1/4, 1/2 of a turn), and
// reads the next bit into c's top bit: 1, then 0, then 0, so c ends 001, an eighth of a turn.
OPENQASM 3.0;
include "stdgates.inc";
const int n = 3;
qubit q;
qubit r;
angle[n] c;
x r;
for uint i in [0:n - 1] {
  c >>= 1;
  reset q;
  h q;
  ctrl @ pow(2 ** (n - 1 - i)) @ p(pi / 4) q, r;
  inv @ phase(c) q;
  h q;
  measure q -> c[n - 1];
}
