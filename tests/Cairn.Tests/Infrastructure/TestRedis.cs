namespace Cairn.Tests.Infrastructure;

/// <summary>The Redis server ./test.sh starts on loopback, for the tests that share state between instances.</summary>
public static class TestRedis
{
    public static string Address() =>
        Environment.GetEnvironmentVariable("CAIRN_TEST_REDIS") is { Length: > 0 } redis
            ? redis
            : throw new InvalidOperationException("CAIRN_TEST_REDIS is not set: run ./test.sh, which starts a Redis server on loopback");
}
