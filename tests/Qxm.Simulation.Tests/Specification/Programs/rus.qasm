// spec: examples/rus.qasm (repeat until success: a subroutine returning measured bits, in a while loop on them)
// status: valid
// distribution: 00000:0.6667 00100:0.3333
// why: each pass reads the ancillas; 00 ends the loop, 11 flips the target, so the target ends flipped when an odd
// number of 11s came before the 00: P = 1/4 / (1 - 1/2 + 1/4) = 1/3. The bits, highest first: b_1 (the subroutine's
// local bits, added once: the loop's body is one block run per pass), out, flags.
OPENQASM 3.0;
include "stdgates.inc";
def attempt(qubit[2] anc, qubit target) -> bit[2] {
  bit[2] b;
  reset anc;
  h anc;
  ccx anc[0], anc[1], target;
  b = measure anc;
  return b;
}
qubit[2] anc;
qubit target;
bit[2] flags = "11";
bit out;
while (int[2](flags) != 0) {
  flags = attempt(anc, target);
}
out = measure target;
