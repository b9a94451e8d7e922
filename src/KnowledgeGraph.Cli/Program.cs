using KnowledgeGraph.Cli;

return await KgCli.RunAsync(args);
