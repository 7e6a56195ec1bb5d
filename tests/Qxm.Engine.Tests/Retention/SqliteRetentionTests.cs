namespace Qxm.Engine.Tests.Retention;

public sealed class SqliteRetentionTests : RetentionContract
{
    protected override bool OnPostgres => false;
}
