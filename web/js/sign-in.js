// The sign-in card of bearer mode (identity.js does the flow): shown while the page has no accepted token.
import { $ } from "./render.js";
import { beginSignIn, identityMode, signInSettings, signOut, useToken } from "./identity.js";

function showSignInError(error) {
  const box = $("#sign-in-error");
  box.hidden = !error;
  box.textContent = error ? String(error.message ?? error) : "";
}

/** Shows the sign-in card instead of the start form; `error` (optional) says why. */
export function showSignIn(error) {
  $("#sign-in").hidden = false;
  $("#start-card").hidden = true;
  $("#sign-out").hidden = true;
  const settings = signInSettings();
  $("#sign-in-start").hidden = !(settings?.authority && settings?.clientId);
  $("#token-paste").open = $("#sign-in-start").hidden;
  showSignInError(error);
}

/** Wires the card's buttons and the footer's sign-out; a token pasted or signed in reloads the page with it. */
export function wireSignIn() {
  $("#sign-in-start").addEventListener("click", () => beginSignIn().catch(showSignInError));
  $("#token-use").addEventListener("click", () => {
    if (useToken($("#token-input").value)) location.reload();
    else showSignInError(new Error("Paste the access token first."));
  });
  $("#sign-out").hidden = identityMode() !== "bearer";
  $("#sign-out").addEventListener("click", () => {
    signOut();
    location.reload();
  });
  window.addEventListener("advisor:sign-in-needed", () => showSignIn(new Error("The server did not accept your token (it may have expired): sign in again.")));
}
