using System.Globalization;
using System.Text;
using System.Xml.Linq;

namespace Qxm.Engine.Regression;

/// <summary>A suite's results as CI systems read them: JUnit XML (one test case per experiment, a failure per broken
/// expectation, an error when the run did not give results) and a Markdown summary.</summary>
public static class SuiteReport
{
    public static string JUnit(RegressionSuite suite, IReadOnlyList<CaseResult> results, DateTimeOffset startedAt)
    {
        ArgumentNullException.ThrowIfNull(suite);
        ArgumentNullException.ThrowIfNull(results);
        var seconds = results.Sum(r => r.Elapsed.TotalSeconds);
        var testSuite = new XElement("testsuite",
            new XAttribute("name", suite.Name),
            new XAttribute("tests", results.Count),
            new XAttribute("failures", results.Count(r => r.Error is null && !r.Passed)),
            new XAttribute("errors", results.Count(r => r.Error is not null)),
            new XAttribute("skipped", 0),
            new XAttribute("time", Seconds(seconds)),
            new XAttribute("timestamp", startedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture)),
            results.Select(Case));
        var document = new XDocument(new XDeclaration("1.0", "UTF-8", null),
            new XElement("testsuites",
                new XAttribute("name", suite.Name),
                new XAttribute("tests", results.Count),
                new XAttribute("failures", testSuite.Attribute("failures")!.Value),
                new XAttribute("errors", testSuite.Attribute("errors")!.Value),
                new XAttribute("time", Seconds(seconds)),
                testSuite));
        var text = new StringBuilder();
        using (var writer = new Utf8StringWriter(text))
        {
            document.Save(writer);
        }

        return text.ToString();

        XElement Case(CaseResult result)
        {
            var element = new XElement("testcase",
                new XAttribute("name", result.Case.Name),
                new XAttribute("classname", $"{suite.Name}.{result.Case.Name}"),
                new XAttribute("time", Seconds(result.Elapsed.TotalSeconds)));
            if (result.Error is not null)
            {
                element.Add(new XElement("error", new XAttribute("message", result.Error), new XAttribute("type", "run"), result.Error));
            }

            foreach (var failed in result.Outcomes.Where(o => !o.Passed))
            {
                var message = $"expected {failed.Statement}, measured {failed.Measured}";
                element.Add(new XElement("failure", new XAttribute("message", message), new XAttribute("type", "expectation"), message));
            }

            element.Add(new XElement("system-out", string.Join('\n',
                [$"run {result.RunId ?? "(none)"}", .. result.Outcomes.Select(o => $"{(o.Passed ? "ok  " : "FAIL")} {o.Statement}: {o.Measured}")])));
            return element;
        }
    }

    public static string Markdown(RegressionSuite suite, IReadOnlyList<CaseResult> results)
    {
        ArgumentNullException.ThrowIfNull(suite);
        ArgumentNullException.ThrowIfNull(results);
        var passed = results.Count(r => r.Passed);
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"## qxm check: {suite.Name}\n\n");
        text.Append(CultureInfo.InvariantCulture, $"{passed} of {results.Count} experiments passed{(passed == results.Count ? "" : $", {results.Count - passed} failed")}.\n\n");
        text.Append("| | experiment | run | expectation | measured |\n|---|---|---|---|---|\n");
        foreach (var result in results)
        {
            if (result.Error is not null)
            {
                text.Append(CultureInfo.InvariantCulture, $"| ❌ | {Cell(result.Case.Name)} | {Cell(result.RunId ?? "")} | (not checked) | {Cell(result.Error)} |\n");
                continue;
            }

            foreach (var outcome in result.Outcomes)
            {
                text.Append(CultureInfo.InvariantCulture,
                    $"| {(outcome.Passed ? "✅" : "❌")} | {Cell(result.Case.Name)} | {Cell(result.RunId ?? "")} | {Cell(outcome.Statement)} | {Cell(outcome.Measured)} |\n");
            }
        }

        return text.ToString();
    }

    private static string Seconds(double value) => value.ToString("0.000", CultureInfo.InvariantCulture);

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).ReplaceLineEndings(" ");

    private sealed class Utf8StringWriter(StringBuilder builder) : StringWriter(builder, CultureInfo.InvariantCulture)
    {
        public override Encoding Encoding => Encoding.UTF8;
    }
}
