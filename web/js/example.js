// The bundled example portfolio (data/portfolios/example.json), used when the host serves no samples.
export const EXAMPLE_PORTFOLIO = {
  "holdings": [
    {
      "ticker": "VTI",
      "shares": 120,
      "costBasis": 25200.0
    },
    {
      "ticker": "VBR",
      "shares": 40,
      "costBasis": 6620.0
    },
    {
      "ticker": "VEA",
      "shares": 300,
      "costBasis": 13230.0
    },
    {
      "ticker": "VWO",
      "shares": 150
    },
    {
      "ticker": "BND",
      "shares": 250,
      "costBasis": 18200.0
    },
    {
      "ticker": "TIP",
      "shares": 60
    },
    {
      "ticker": "HYG",
      "shares": 80,
      "costBasis": 5940.0
    },
    {
      "ticker": "VNQ",
      "shares": 70,
      "costBasis": 6160.0
    },
    {
      "ticker": "GLD",
      "shares": 25,
      "costBasis": 4500.0
    },
    {
      "ticker": "BIL",
      "shares": 100
    }
  ],
  "persona": "xiaomei",
  "riskProfile": "balanced",
  "language": "en"
};
