// spec: examples/msd.qasm (magic state distillation: subroutines returning measurements, output, while on a measured outcome)
// status: valid
// distribution: 0001:0.5 0101:0.5
// why: the first check reads 0 or 1 evenly; the loop repeats the check until it reads 0, so b and the second check's
// bits end 0 and ok ends 1. The bits, highest first: check_return_2, check_return, b, ok.
OPENQASM 3.0;
include "stdgates.inc";
output bit ok;
def check(qubit t) -> bit {
  h t;
  return measure t;
}
qubit q;
bit b;
b = check(q);
while (b == 1) {
  reset q;
  b = check(q);
}
ok = b == 0;
