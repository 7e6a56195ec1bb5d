// spec: examples/msd.qasm (magic state distillation: subroutines, output, while on a measured outcome)
// status: valid
// expect: qasm.unsupported 12:1
// reason: the distillation repeats 'while' a measured check fails, a loop decided during the shot
OPENQASM 3.0;
include "stdgates.inc";
output bit ok;
qubit q;
bit b;
h q;
b = measure q;
while (b == 1) {
  reset q;
  h q;
  b = measure q;
}
