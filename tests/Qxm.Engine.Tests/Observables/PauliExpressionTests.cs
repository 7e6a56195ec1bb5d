using Qxm.Engine.Observables;

namespace Qxm.Engine.Tests.Observables;

public sealed class PauliExpressionTests
{
    [Fact]
    public void Parse_WeightedProducts_GivesCanonicalTerms()
    {
        var terms = PauliExpression.Parse("0.5*Z0*Z1 - 0.3*X1 + Z1*Z0 - 1.25 + 2e-1 * Y3", out var error);

        Assert.Null(error);
        Assert.Equal(1.5, terms!["Z0 Z1"]);
        Assert.Equal(-0.3, terms["X1"]);
        Assert.Equal(-1.25, terms["I"]);
        Assert.Equal(0.2, terms["Y3"], 12);
        Assert.Equal(4, terms.Count);
    }

    [Fact]
    public void Parse_LeadingMinusAndBareFactor_AreUnitWeights()
    {
        var terms = PauliExpression.Parse("-X0 + Z2", out var error);

        Assert.Null(error);
        Assert.Equal(-1, terms!["X0"]);
        Assert.Equal(1, terms["Z2"]);
    }

    [Theory]
    [InlineData("0.5*Z", "'Z' needs a qubit index, as in Z0 at character 6")]
    [InlineData("0.5*Z0*X0", "qubit 0 appears twice in one term; write the product out (X*Y = iZ is not real) at character 8")]
    [InlineData("0.5*Q0", "expected a number or a Pauli factor such as Z0, found 'Q' at character 5")]
    [InlineData("Z0 Z1", "expected '+', '-' or '*', found 'Z' at character 4")]
    [InlineData("Z0 +", "unexpected end; expected a number or a Pauli factor such as Z0 at character 5")]
    [InlineData("Z99999", "qubit index 99999 is above 1023 at character 2")]
    public void Parse_Malformed_SaysWhatAndWhere(string text, string message)
    {
        Assert.Null(PauliExpression.Parse(text, out var error));
        Assert.Equal(message, error);
    }

    [Fact]
    public void FromLetters_RightmostLetterIsQubitZero()
    {
        Assert.Equal("X0 Z2", PauliLabel.Format(PauliLabel.FromLetters("ZIX")!));
        Assert.Equal("I", PauliLabel.Format(PauliLabel.FromLetters("II")!));
        Assert.Null(PauliLabel.FromLetters("ZA"));
    }
}
