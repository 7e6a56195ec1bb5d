using Qxm.Engine.Observables;

namespace Qxm.Engine.Tests.Observables;

public sealed class QubitWiseGroupingTests
{
    /// <summary>The H2/STO-3G Hamiltonian's strings (Jordan-Wigner, 4 qubits): Z-type terms share one basis, and the
    /// four XXYY-type terms need one basis each.</summary>
    private static readonly string[] H2 =
        ["Z0", "Z1", "Z2", "Z3", "Z0 Z1", "Z0 Z2", "Z0 Z3", "Z1 Z2", "Z1 Z3", "Z2 Z3", "X0 X1 Y2 Y3", "Y0 Y1 X2 X3", "X0 Y1 Y2 X3", "Y0 X1 X2 Y3"];

    [Fact]
    public void Group_H2_NeedsFiveBases()
    {
        var groups = QubitWiseGrouping.Group([.. H2.Select(PauliLabel.Parse)]);

        Assert.Equal(5, groups.Length);
        AssertValid([.. H2.Select(PauliLabel.Parse)], groups);
    }

    [Fact]
    public void Group_RandomSmallHamiltonians_UsesTheMinimumNumberOfBases()
    {
        var random = new Random(1234);
        for (var sample = 0; sample < 60; sample++)
        {
            var qubits = random.Next(2, 5);
            var count = random.Next(2, 8);
            var labels = new HashSet<string>(StringComparer.Ordinal);
            while (labels.Count < count)
            {
                var factors = Enumerable.Range(0, qubits)
                    .Select(q => new PauliFactor(q, "IXYZ"[random.Next(4)]))
                    .Where(f => f.Pauli != 'I')
                    .ToArray();
                if (factors.Length > 0)
                {
                    labels.Add(PauliLabel.Format(factors));
                }
            }

            var strings = labels.Select(PauliLabel.Parse).ToArray();
            var groups = QubitWiseGrouping.Group(strings);

            AssertValid(strings, groups);
            Assert.True(BruteForceMinimum(strings) == groups.Length, $"sample {sample}: {string.Join(", ", labels)} grouped into {groups.Length}");
        }
    }

    private static void AssertValid(PauliFactor[][] strings, int[][] groups)
    {
        Assert.Equal(Enumerable.Range(0, strings.Length), groups.SelectMany(g => g).Order());
        foreach (var group in groups)
        {
            foreach (var a in group)
            {
                Assert.All(group, b => Assert.True(PauliLabel.QubitWiseCommute(strings[a], strings[b])));
            }
        }
    }

    /// <summary>The fewest colours, by trying every assignment of k colours for k = 1, 2, ... (exponential; fine for 8 strings).</summary>
    private static int BruteForceMinimum(PauliFactor[][] strings)
    {
        var n = strings.Length;
        for (var k = 1; k <= n; k++)
        {
            var colours = new int[n];
            var total = (long)Math.Pow(k, n);
            for (long code = 0; code < total; code++)
            {
                var c = code;
                for (var i = 0; i < n; i++)
                {
                    colours[i] = (int)(c % k);
                    c /= k;
                }

                var ok = true;
                for (var i = 0; i < n && ok; i++)
                {
                    for (var j = i + 1; j < n && ok; j++)
                    {
                        ok = colours[i] != colours[j] || PauliLabel.QubitWiseCommute(strings[i], strings[j]);
                    }
                }

                if (ok)
                {
                    return k;
                }
            }
        }

        return n;
    }
}
