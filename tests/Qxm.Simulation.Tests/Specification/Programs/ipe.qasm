// spec: examples/ipe.qasm (iterative phase estimation: a loop of controlled powers of a phase, shifting a register)
// status: valid
// expect: qasm.unsupported 18:5
// reason: the register of results is shifted with '<<=', a classical operation on measured bits
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
