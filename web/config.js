// Deployment settings of the static page; edit this file when the page is served apart from the API.
// ADVISOR_API_BASE: origin (and path prefix) of the API, e.g. "https://my-advisor.azurewebsites.net";
//   "" means the page's own origin (the self-host serves page and API together).
// ADVISOR_SEND_IDENTITY: send x-ms-client-principal-id with a random per-browser id (the self-host needs
//   it; behind App Service Authentication the platform supplies the signed-in user's id instead).
window.ADVISOR_API_BASE = "";
window.ADVISOR_SEND_IDENTITY = true;
// ADVISOR_CREDENTIALS: fetch credentials mode; "include" when the page is on another origin than an API that
//   signs users in with cookies (App Service Authentication), which then must allow that origin with credentials.
window.ADVISOR_CREDENTIALS = "same-origin";
