// The admin REST APIs, called with the signed-in admin's token: the extension's
// (/admin/realms/{realm}/compromised-credentials) and Keycloak's own (users, the required action's config).
// Keycloak checks the admin's realm-management roles on every call; the page only mirrors them.

export class ApiError extends Error {
  constructor(status, code, description) {
    super(description || code || `HTTP ${status}`);
    this.status = status;
    this.code = code;
  }
}

export class Api {
  constructor(adminBase, auth) {
    this.adminBase = adminBase;
    this.auth = auth;
  }

  /** A call to the extension's API, path relative to /compromised-credentials. */
  cc(method, path, body) {
    return this.call(method, `/compromised-credentials${path}`, body);
  }

  async call(method, path, body) {
    let response = await this.send(method, path, body, false);
    if (response.status === 401) {
      response = await this.send(method, path, body, true);
    }
    if (response.status === 401) {
      throw new ApiError(401, 'not_signed_in');
    }
    const text = await response.text();
    let json = null;
    if (text) {
      try {
        json = JSON.parse(text);
      } catch (e) {
        json = null;
      }
    }
    if (!response.ok) {
      throw new ApiError(response.status, json?.error || null, describe(json));
    }
    return json;
  }

  async send(method, path, body, forceRefresh) {
    const token = await this.auth.accessToken({ forceRefresh });
    if (!token) {
      return new Response(null, { status: 401 });
    }
    const headers = { Authorization: `Bearer ${token}`, Accept: 'application/json' };
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
    }
    return fetch(`${this.adminBase}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'omit',
      cache: 'no-store',
    });
  }
}

/** The words of an error body: ours ({error_description}), or Keycloak's ({errorMessage} or {errors: [...]}). */
function describe(json) {
  if (!json) {
    return null;
  }
  if (json.error_description) {
    return json.error_description;
  }
  if (json.errorMessage) {
    return json.errorMessage;
  }
  if (Array.isArray(json.errors)) {
    return json.errors.map((e) => e.errorMessage).filter(Boolean).join('; ');
  }
  return json.error || null;
}
