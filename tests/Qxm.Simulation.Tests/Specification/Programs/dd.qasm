// spec: examples/dd.qasm (dynamical decoupling: durations computed with durationof, a box, physical qubits)
// status: valid
// expect: qasm.unsupported 8:23
// reason: durationof needs the backend's gate durations, which the front end does not know
OPENQASM 3.0;
include "stdgates.inc";
stretch a;
duration half = 0.5 * durationof({ x $0; }) + a;
box {
  delay[half] $0;
  x $0;
  delay[half] $0;
}
