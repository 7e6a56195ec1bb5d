namespace Qxm.Simulation.StateVector.Engine;

/// <summary>The structure of a 2×2 block, which decides how many flops per amplitude its kernel spends.</summary>
internal enum MatrixKind
{
    /// <summary>Complex entries: 8 multiply-adds per amplitude.</summary>
    General,

    /// <summary>Real entries (ry, h, and rx after a phase change): 4 multiply-adds per amplitude.</summary>
    Real,

    /// <summary>Real diagonal, imaginary off-diagonal (rx): 4 multiply-adds per amplitude.</summary>
    RealDiagonalImaginaryOff,

    /// <summary>Zero off-diagonal (rz and other one-qubit phases): one complex multiply per amplitude.</summary>
    Diagonal,

    /// <summary>[[0, 1], [1, 0]] (x, cx, ccx): moves data, no arithmetic.</summary>
    Exchange,

    /// <summary>[[1, b], [c, 1]] with real b, c: ry with its cosine taken out as a scalar, 2 multiply-adds per amplitude.</summary>
    ShearReal,

    /// <summary>[[1, ib], [ic, 1]] with real b, c: rx with its cosine taken out as a scalar, 2 multiply-adds per amplitude.</summary>
    ShearImaginary,

    /// <summary>[[ia, 1], [1, id]] with real a, d: rx with its sine taken out (when it is the larger), 2 multiply-adds per amplitude.</summary>
    AntiShearImaginary,

    /// <summary>[[a, -1], [1, d]] with real a, d: ry with its sine taken out (when it is the larger), 2 multiply-adds
    /// (one of them a multiply-subtract) per amplitude.</summary>
    AntiShearReal,
}
