using Qxm.Domain.Experiments;

namespace Qxm.Engine.Tests.Domain;

public sealed class SweepExpansionTests
{
    [Fact]
    public void Expand_NoAxes_OneEmptyPoint() => Assert.Single(SweepExpansion.Expand([], SweepMode.Grid));

    [Fact]
    public void Expand_Grid_CartesianProductFirstAxisSlowest()
    {
        var points = SweepExpansion.Expand([new("a", [1, 2]), new("b", [10, 20, 30]), new("c", [5])], SweepMode.Grid);

        Assert.Equal(6, points.Count);
        Assert.Equal((1.0, 10.0, 5.0), (points[0]["a"], points[0]["b"], points[0]["c"]));
        Assert.Equal((1.0, 20.0), (points[1]["a"], points[1]["b"]));
        Assert.Equal((2.0, 30.0), (points[5]["a"], points[5]["b"]));
    }

    [Fact]
    public void Expand_Zip_AdvancesTogetherAndBroadcastsFixed()
    {
        var points = SweepExpansion.Expand([new("a", [1, 2, 3]), new("b", [4, 5, 6]), new("c", [9])], SweepMode.Zip);

        Assert.Equal(3, points.Count);
        Assert.Equal((3.0, 6.0, 9.0), (points[2]["a"], points[2]["b"], points[2]["c"]));
    }
}
