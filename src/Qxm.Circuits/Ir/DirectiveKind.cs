namespace Qxm.Circuits.Ir;

public enum DirectiveKind
{
    Pragma,
    Annotation,
}
