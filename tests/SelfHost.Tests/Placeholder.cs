namespace PortfolioAdvisor.SelfHost.Tests;
