// The HTTP API as the console uses it: every call carries the key the user typed once (kept in this tab's
// sessionStorage). No key is sent until the server asks for one: the embedded host on loopback accepts keyless calls.

const keyStorage = 'imagesaga.apiKey';
let askForKey = null;

/** The function that shows the key dialog; it resolves once a new key is stored (rejects when the user gives up). */
export function onKeyNeeded(prompt) {
  askForKey = prompt;
}

export function apiKey() {
  return sessionStorage.getItem(keyStorage);
}

export function storeApiKey(key) {
  sessionStorage.setItem(keyStorage, key.trim());
}

export function forgetApiKey() {
  sessionStorage.removeItem(keyStorage);
}

/** An RFC 9457 problem from the API (or a transport failure), with its reasonCode when there is one. */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
    this.reasonCode = problem?.reasonCode ?? null;
  }

  static async from(response) {
    let problem = null;
    try {
      problem = await response.json();
    } catch {
      // Not JSON (a proxy's error page): the status says enough.
    }
    return new ApiError(response.status, problem);
  }
}

function headers(extra = {}) {
  const all = { Accept: 'application/json, application/problem+json', ...extra };
  const key = apiKey();
  if (key) all['X-Api-Key'] = key;
  return all;
}

/** Asks for a key after a 401; false when there is nobody to ask or they declined. */
async function keyAfter401(hadKey) {
  if (!askForKey) return false;
  try {
    await askForKey(hadKey ? 'The server did not accept that key. Enter another one.' : null);
    return true;
  } catch {
    return false;
  }
}

/**
 * Calls the API; resolves with the parsed JSON (or the Response with raw: true), rejects with an ApiError.
 * A 401 opens the key dialog and retries with the new key.
 */
export async function request(path, { method = 'GET', json, signal, raw = false } = {}) {
  for (let attempt = 0; ; attempt++) {
    const init = { method, signal, cache: 'no-store', headers: headers() };
    if (json !== undefined) {
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(json);
    }
    const response = await fetch(path, init);
    if (response.status === 401 && attempt < 3 && await keyAfter401(Boolean(init.headers['X-Api-Key']))) continue;
    if (!response.ok) throw await ApiError.from(response);
    if (raw) return response;
    if (response.status === 204) return null;
    const type = response.headers.get('Content-Type') || '';
    return type.includes('json') ? response.json() : response.text();
  }
}

export const get = (path, options) => request(path, options);
export const post = (path, json, options) => request(path, { ...options, method: 'POST', json });

/** An image endpoint as an object URL (an <img> cannot send the key header itself). Revoke it when done. */
export async function objectUrl(path, { signal } = {}) {
  const response = await request(path, { signal, raw: true });
  return { url: URL.createObjectURL(await response.blob()), source: response.headers.get('X-Thumbnail-Source') };
}

/**
 * Posts a multipart form with upload progress (fetch cannot report it), resolving with the JSON answer.
 * onProgress receives a fraction from 0 to 1.
 */
export async function upload(path, form, onProgress) {
  for (let attempt = 0; ; attempt++) {
    const sentKey = Boolean(apiKey());
    const result = await new Promise((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open('POST', path);
      for (const [name, value] of Object.entries(headers())) xhr.setRequestHeader(name, value);
      xhr.responseType = 'json';
      xhr.upload.addEventListener('progress', (event) => {
        if (event.lengthComputable) onProgress?.(event.loaded / event.total);
      });
      xhr.addEventListener('load', () => resolve({ status: xhr.status, body: xhr.response }));
      xhr.addEventListener('error', () => reject(new ApiError(0, { detail: 'The upload did not reach the server.' })));
      xhr.send(form);
    });
    if (result.status === 401 && attempt < 3 && await keyAfter401(sentKey)) continue;
    if (result.status < 200 || result.status >= 300) throw new ApiError(result.status, result.body);
    onProgress?.(1);
    return result.body;
  }
}
