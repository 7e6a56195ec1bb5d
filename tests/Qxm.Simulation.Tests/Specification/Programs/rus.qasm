// spec: examples/rus.qasm (repeat until success: a subroutine in a while loop on a measured flag)
// status: valid
// expect: qasm.unsupported 15:1
// reason: the loop repeats until a measured flag is clear, a loop decided during the shot
OPENQASM 3.0;
include "stdgates.inc";
def attempt(qubit anc, qubit target) {
  h anc;
  ctrl @ x anc, target;
}
qubit anc;
qubit target;
bit flag;
flag = measure anc;
while (flag == 1) {
  reset anc;
  attempt(anc, target);
  flag = measure anc;
}
