qreg q[1];
