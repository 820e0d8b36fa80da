// Call the JSON API; every failure becomes an ApiError whose message can be shown to the user.

export class ApiError extends Error {
  constructor(message, status = 0, code = "network_error") {
    super(message);
    this.status = status;
    this.code = code;
  }
}

export async function fetchJson(url, options = {}) {
  let response;
  try {
    response = await fetch(url, { headers: { Accept: "application/json" }, ...options });
  } catch (err) {
    if (err.name === "AbortError") throw err;
    throw new ApiError("Could not reach the reportqa service. Check your connection and try again.");
  }
  let body = null;
  try {
    body = await response.json();
  } catch {
    // Not JSON (a proxy's error page, say): fall through to a message built from the status.
  }
  if (!response.ok) {
    const message = body?.error?.message || `The service answered ${response.status} ${response.statusText}.`;
    throw new ApiError(message, response.status, body?.error?.code || `http_${response.status}`);
  }
  if (body === null) throw new ApiError("The service sent a reply that is not JSON.", response.status, "bad_reply");
  return body;
}

export function postJson(url, data, options = {}) {
  return fetchJson(url, {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json" },
    body: JSON.stringify(data),
    ...options,
  });
}
