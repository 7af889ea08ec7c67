await PortfolioAdvisor.ModelServer.ModelServerHost.RunAsync(args);
