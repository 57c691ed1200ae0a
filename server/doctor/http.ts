import { HttpError, type HttpResponse, parseJson, request } from '../../src/core/http.js';

/**
 * Doctor's GETs, once each with the shared client, failures as text for a check's message.
 * Plain http is allowed to any host: a service behind a private network's proxy is checked
 * where the operator reaches it, and nothing fetched here is trusted for signing.
 */

export type Fetched<T> = T | { error: string };

async function get(url: string, timeoutMs: number, accept: string): Promise<Fetched<HttpResponse>> {
  try {
    return await request(
      { method: 'GET', url, what: 'service', headers: { accept } },
      { retries: 0, timeoutMs, allowPlainHttp: true },
    );
  } catch (error) {
    if (!(error instanceof HttpError)) throw error;
    const problem = error.status === undefined ? `cannot reach ${url}:` : url;
    return { error: `${problem} ${error.detail}` };
  }
}

export async function getJson(url: string, timeoutMs: number): Promise<Fetched<{ json: unknown }>> {
  const response = await get(url, timeoutMs, 'application/json');
  if ('error' in response) return response;
  try {
    return { json: parseJson({ url, what: 'service' }, response) };
  } catch (error) {
    if (!(error instanceof HttpError)) throw error;
    return { error: `${url} ${error.detail}` };
  }
}

export async function getText(url: string, timeoutMs: number): Promise<Fetched<{ text: string }>> {
  const response = await get(url, timeoutMs, 'text/plain');
  return 'error' in response ? response : { text: response.body.toString('utf8') };
}
