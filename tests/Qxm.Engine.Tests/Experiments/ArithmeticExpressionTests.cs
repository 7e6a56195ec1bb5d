using Qxm.Engine.Experiments;

namespace Qxm.Engine.Tests.Experiments;

public sealed class ArithmeticExpressionTests
{
    [Theory]
    [InlineData("pi", Math.PI)]
    [InlineData("pi/2", Math.PI / 2)]
    [InlineData("2*pi", 2 * Math.PI)]
    [InlineData("-pi/4", -Math.PI / 4)]
    [InlineData("--1", 1.0)]
    [InlineData("1 + 2 * 3", 7.0)]
    [InlineData("(1 + 2) * 3", 9.0)]
    [InlineData("8 / 4 / 2", 1.0)]
    [InlineData("1 - 2 - 3", -4.0)]
    [InlineData(" 1.5e2 ", 150.0)]
    [InlineData(".5", 0.5)]
    public void Evaluate_ValidExpression_GivesValue(string text, double expected)
    {
        Assert.Equal(expected, ArithmeticExpression.Evaluate(text, out var error));
        Assert.Null(error);
    }

    [Theory]
    [InlineData("")]
    [InlineData("2*")]
    [InlineData("pi pi")]
    [InlineData("tau")]
    [InlineData("1e")]
    [InlineData("1..2")]
    [InlineData("(1))")]
    [InlineData("1e400")]
    public void Evaluate_InvalidExpression_GivesError(string text)
    {
        Assert.Null(ArithmeticExpression.Evaluate(text, out var error));
        Assert.False(string.IsNullOrEmpty(error));
    }
}
