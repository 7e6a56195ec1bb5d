namespace Qxm.Engine.Observables;

/// <summary>Partitions Pauli strings into groups that commute qubit by qubit, each measured in one basis: a colouring of
/// the graph whose edges join strings that do not. DSatur gives a colouring in O(n^2); a backtracking search then tries
/// to save colours within a fixed step budget, so small Hamiltonians (tens of terms) get the minimum and large ones at
/// worst the DSatur answer, in bounded time.</summary>
internal static class QubitWiseGrouping
{
    /// <summary>Backtracking steps spent looking for fewer groups than DSatur found.</summary>
    internal const int SearchBudget = 200_000;

    /// <summary>The groups as indices into <paramref name="strings"/>, each group and the list in ascending order of first index.</summary>
    public static int[][] Group(IReadOnlyList<PauliFactor[]> strings)
    {
        ArgumentNullException.ThrowIfNull(strings);
        var n = strings.Count;
        var conflicts = new bool[n, n];
        var degree = new int[n];
        for (var i = 0; i < n; i++)
        {
            for (var j = i + 1; j < n; j++)
            {
                if (!PauliLabel.QubitWiseCommute(strings[i], strings[j]))
                {
                    conflicts[i, j] = conflicts[j, i] = true;
                    degree[i]++;
                    degree[j]++;
                }
            }
        }

        var colours = DSatur(conflicts, degree);
        var count = n == 0 ? 0 : colours.Max() + 1;
        var order = Enumerable.Range(0, n).OrderByDescending(v => degree[v]).ThenBy(v => v).ToArray();
        var budget = SearchBudget;
        while (count > 1)
        {
            var attempt = new int[n];
            Array.Fill(attempt, -1);
            var found = Colour(conflicts, order, 0, count - 1, attempt, ref budget);
            if (found != true)
            {
                break;
            }

            colours = attempt;
            count--;
        }

        return [.. Enumerable.Range(0, n).GroupBy(v => colours[v]).Select(g => g.ToArray()).OrderBy(g => g[0])];
    }

    private static int[] DSatur(bool[,] conflicts, int[] degree)
    {
        var n = degree.Length;
        var colours = new int[n];
        Array.Fill(colours, -1);
        var seen = new HashSet<int>[n];
        for (var i = 0; i < n; i++)
        {
            seen[i] = [];
        }

        for (var step = 0; step < n; step++)
        {
            var pick = -1;
            for (var v = 0; v < n; v++)
            {
                if (colours[v] < 0 && (pick < 0 || seen[v].Count > seen[pick].Count || (seen[v].Count == seen[pick].Count && degree[v] > degree[pick])))
                {
                    pick = v;
                }
            }

            var colour = 0;
            while (seen[pick].Contains(colour))
            {
                colour++;
            }

            colours[pick] = colour;
            for (var v = 0; v < n; v++)
            {
                if (conflicts[pick, v])
                {
                    seen[v].Add(colour);
                }
            }
        }

        return colours;
    }

    /// <summary>Colours the vertices from <paramref name="next"/> on with at most <paramref name="limit"/> colours: true
    /// when it can, false when it cannot, null when the budget ran out first. A new colour is only ever the next unused
    /// one, which removes the colour permutations from the search.</summary>
    private static bool? Colour(bool[,] conflicts, int[] order, int next, int limit, int[] colours, ref int budget)
    {
        if (next == order.Length)
        {
            return true;
        }

        if (--budget < 0)
        {
            return null;
        }

        var v = order[next];
        var used = 0;
        for (var i = 0; i < next; i++)
        {
            used = Math.Max(used, colours[order[i]] + 1);
        }

        for (var colour = 0; colour < Math.Min(used + 1, limit); colour++)
        {
            var free = true;
            for (var i = 0; i < next && free; i++)
            {
                free = !(colours[order[i]] == colour && conflicts[v, order[i]]);
            }

            if (!free)
            {
                continue;
            }

            colours[v] = colour;
            var result = Colour(conflicts, order, next + 1, limit, colours, ref budget);
            if (result != false)
            {
                return result;
            }
        }

        colours[v] = -1;
        return false;
    }
}
