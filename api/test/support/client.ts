/** A small HTTP client that behaves like the web app: keeps cookies and echoes the CSRF token. */
export interface TestResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
  cookies: string[];
}

export class TestClient {
  private readonly jar = new Map<string, string>();
  csrfToken: string | undefined;

  constructor(readonly baseUrl: string) {}

  cookie(name: string): string | undefined {
    return this.jar.get(name);
  }

  cookieHeader(): string {
    return [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async request<T = any>(
    method: string,
    path: string,
    opts: { body?: unknown; rawBody?: string; headers?: Record<string, string>; csrf?: boolean } = {},
  ): Promise<TestResponse<T>> {
    const headers: Record<string, string> = { accept: 'application/json', ...opts.headers };
    if (this.jar.size) headers.cookie = this.cookieHeader();
    if (method !== 'GET' && opts.csrf !== false && this.csrfToken) headers['x-csrf-token'] = this.csrfToken;
    let body: string | undefined;
    if (opts.rawBody !== undefined) {
      body = opts.rawBody;
      headers['content-type'] ??= 'application/json';
    } else if (opts.body !== undefined) {
      body = JSON.stringify(opts.body);
      headers['content-type'] = 'application/json';
    }
    const res = await fetch(this.baseUrl + path, { method, headers, body, redirect: 'manual' });
    const cookies = res.headers.getSetCookie();
    for (const c of cookies) {
      const [pair] = c.split(';');
      const i = pair.indexOf('=');
      const name = pair.slice(0, i);
      const value = decodeURIComponent(pair.slice(i + 1));
      if (!value || /expires=Thu, 01 Jan 1970/i.test(c)) this.jar.delete(name);
      else this.jar.set(name, value);
    }
    const text = await res.text();
    let parsed: unknown = text;
    if ((res.headers.get('content-type') ?? '').includes('json') && text) parsed = JSON.parse(text);
    return { status: res.status, headers: res.headers, body: parsed as T, cookies };
  }

  get<T = any>(path: string) {
    return this.request<T>('GET', path);
  }

  post<T = any>(path: string, body?: unknown) {
    return this.request<T>('POST', path, { body: body ?? {} });
  }

  delete<T = any>(path: string) {
    return this.request<T>('DELETE', path);
  }

  /** Fetches the session (and CSRF token) first, as the web app does. */
  async start(): Promise<this> {
    const res = await this.get('/api/auth/session');
    this.csrfToken = res.body.csrfToken;
    return this;
  }

  async signIn(email: string, password: string) {
    if (!this.csrfToken) await this.start();
    const res = await this.post('/api/auth/sign-in', { email, password });
    if (res.status === 200) this.csrfToken = res.body.csrfToken;
    return res;
  }
}

/** Sends a file as multipart/form-data, as the browser's upload does. */
export async function uploadFile(
  client: TestClient,
  path: string,
  content: string | Uint8Array,
  filename = 'staff.csv',
  type = 'text/csv',
): Promise<TestResponse> {
  const form = new FormData();
  form.append('file', new Blob([content], { type }), filename);
  const headers: Record<string, string> = { accept: 'application/json' };
  const cookies = client.cookieHeader();
  if (cookies) headers.cookie = cookies;
  if (client.csrfToken) headers['x-csrf-token'] = client.csrfToken;
  const res = await fetch(client.baseUrl + path, { method: 'POST', body: form, headers });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : null, cookies: [] };
}
