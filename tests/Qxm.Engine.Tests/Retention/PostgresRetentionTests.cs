namespace Qxm.Engine.Tests.Retention;

public sealed class PostgresRetentionTests : RetentionContract
{
    protected override bool OnPostgres => true;
}
