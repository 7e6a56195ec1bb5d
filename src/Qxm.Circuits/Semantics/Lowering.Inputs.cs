using System.Globalization;
using System.Text;
using Qxm.Circuits.Ir;
using Qxm.Circuits.Parsing;
using Qxm.Circuits.Syntax;
using Qxm.Domain.Errors;

namespace Qxm.Circuits.Semantics;

/// <summary>Inputs beyond scalars. A comparison that reads an <c>input</c> (<c>if (basis == 0)</c>) becomes an
/// <see cref="InputComparison"/>, which the binder decides at each sweep point, keeping the branch taken. An input array
/// (<c>input array[angle[32], 2] params;</c>) is a constant array whose elements are inputs of their own, named with their
/// indices (<c>params[0]</c>, <c>params[1]</c>), so that indexing, <c>sizeof</c> and array arguments read it as any array.</summary>
internal sealed partial class Lowering
{
    /// <summary>Whether the condition compares an input anywhere in it.</summary>
    private static bool ReadsInput(Condition condition) => condition switch
    {
        InputComparison => true,
        NotCondition not => ReadsInput(not.Operand),
        LogicalCondition logical => ReadsInput(logical.Left) || ReadsInput(logical.Right),
        _ => false,
    };

    private void DeclareInputArray(ClassicalDeclarationSyntax declaration)
    {
        var name = declaration.Name;
        var type = declaration.Type;
        var (element, width) = ArrayElementType(type);
        var elementType = InputType(type.Element!);
        var (dimensions, elements) = ArrayShape(type);

        if (builder.Scopes[^1].ContainsKey(name.Name) || builder.IsNameDeclared(name.Name) || builder.TryGetGate(name.Name, out _))
        {
            builder.Report(DiagnosticRules.Redefinition, $"'{name.Name}' is already declared", At(name));
            return;
        }

        // Each element is an input of the circuit: paid for as array elements before any is made.
        if (!builder.TryMakeArray(elements, At(declaration)))
        {
            return;
        }

        var values = new Value[elements];
        var index = new int[dimensions.Length];
        for (var i = 0; i < values.Length; i++)
        {
            var elementName = ElementName(name.Name, index);
            builder.DeclareInput(elementName, At(name), elementType);
            values[i] = elementType is null ? Value.Symbolic(new InputExpr(elementName)) : Value.IntegerSymbolic(new InputExpr(elementName));
            for (var d = dimensions.Length - 1; d >= 0 && ++index[d] == dimensions[d]; d--)
            {
                index[d] = 0;
            }
        }

        builder.DeclareInputArray(name.Name, ArrayTypeText(type, width, dimensions));
        builder.Scopes[^1][name.Name] = new Variable(name.Name, ClassicalType.Array, 0, isConstant: true, At(declaration))
        {
            Value = Value.Array(new ClassicalArray(element, width, dimensions, values)),
        };
    }

    /// <summary><c>params[0]</c>, <c>m[1][0]</c>: the element's name as the circuit's inputs and the experiment's parameters
    /// spell it.</summary>
    private static string ElementName(string array, int[] index)
    {
        var sb = new StringBuilder(array);
        foreach (var i in index)
        {
            sb.Append('[').Append(i.ToString(CultureInfo.InvariantCulture)).Append(']');
        }

        return sb.ToString();
    }

    private static string ArrayTypeText(TypeSyntax type, int width, int[] dimensions)
    {
        var element = type.Element!.Name + (width > 0 ? string.Create(CultureInfo.InvariantCulture, $"[{width}]") : "");
        return $"array[{element}, {string.Join(", ", dimensions.Select(d => d.ToString(CultureInfo.InvariantCulture)))}]";
    }
}
