namespace Qxm.Engine.Hooks;

/// <summary>Why a hook gave no usable answer, as a class a caller can act on and a test can assert, beside the message.</summary>
public enum HookFault
{
    /// <summary>The program could not be started (not found, not executable).</summary>
    CouldNotStart,

    /// <summary>The program exited with a status other than 0, or the endpoint answered an HTTP error.</summary>
    Failed,

    /// <summary>It passed its time limit: a command is killed, an HTTP call cancelled.</summary>
    TimedOut,

    /// <summary>Its answer passed <see cref="HookRunner.MaxOutputBytes"/>.</summary>
    TooLarge,

    /// <summary>Its answer is not JSON.</summary>
    NotJson,

    /// <summary>The endpoint could not be reached.</summary>
    Unreachable,

    /// <summary>JSON, but not the answer the step asked for (an objective hook without a finite <c>value</c>).</summary>
    BadAnswer,
}
