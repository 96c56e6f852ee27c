using Cairn.Tests.Infrastructure;

[assembly: AssemblyFixture(typeof(CairnApp))]
