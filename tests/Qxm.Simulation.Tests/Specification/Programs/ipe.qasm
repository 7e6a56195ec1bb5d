// spec: examples/ipe.qasm (iterative phase estimation: a loop of controlled powers of a phase, shifting a register)
// status: valid
// distribution: 010:0.5 110:0.5
// why: pass i reads 1 with probability (1 - cos(2^i pi/4)) / 2: 0.146, 0.5, 1; each reading goes into c[0] and the
// register is shifted up, so c ends (highest first) the second reading, the third (always 1), and the 0 shifted in.
OPENQASM 3.0;
include "stdgates.inc";
const int n = 3;
qubit q;
qubit r;
bit[n] c;
x r;
for uint i in [0:n - 1] {
  reset q;
  h q;
  ctrl @ pow(2 ** i) @ p(pi / 4) q, r;
  h q;
  c[0] = measure q;
  c <<= 1;
}
