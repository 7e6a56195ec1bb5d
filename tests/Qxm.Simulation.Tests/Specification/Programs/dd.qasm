// spec: examples/dd.qasm (dynamical decoupling: durations computed with durationof, a box, physical qubits)
// status: valid
// distribution: 00:1
// why: two x pulses between stretchy delays bring $0 back to 0; the delays are sized from durationof of gates, which
// reads the simulator's nominal gate durations (a device's are its calibrated ones)
OPENQASM 3.0;
include "stdgates.inc";
stretch a;
duration half = -0.5 * durationof({ x $0; }) + a;
duration idle = 2 * durationof({ x $0; cx $0, $1; });
box {
  delay[half] $0;
  x $0;
  delay[2 * half] $0;
  x $0;
  delay[half] $0;
}
delay[idle] $1;
bit[2] c;
c[0] = measure $0;
c[1] = measure $1;
