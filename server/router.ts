import type { IncomingMessage, ServerResponse } from 'node:http';
import { httpErrorOf } from './error-status.js';
import { type ErrorStyle, ServerError, sendError } from './http.js';
import type { Logger } from './logger.js';

/** `*` answers every method the same way (a path that is explained rather than served). */
export type Method = 'GET' | 'POST' | '*';

/**
 * One row of a route table. `api` is what the role built (the log, the CA, ...); tables are
 * static so that a role this process does not run can still name its paths.
 */
export interface Endpoint<A> {
  method: Method;
  /** An exact path, or with `under` the path and everything below it (`/tile`, `/tile/...`). */
  path: string;
  under?: boolean;
  /** The route label in metrics. */
  name: string;
  /** How errors are written: Fulcio/Rekor's grpc-gateway JSON, or the TSA's `{code, message}`. */
  errorStyle?: ErrorStyle;
  handle(api: A, req: IncomingMessage, res: ServerResponse, path: string): Promise<void> | void;
}

interface Mounted {
  endpoint: Endpoint<unknown>;
  api: unknown;
  /** The role that serves it, when this process does not run that role. */
  absentRole: string | undefined;
}

export interface RouterOptions {
  /** The roles this process runs, named when a path of another role is asked for. */
  roles: readonly string[];
  logger: Logger;
  /** Called once per request, answered or failed, with its route label. */
  observe(route: string, status: number, seconds: number): void;
}

/**
 * Dispatches requests through route tables, with one rule for wrong paths and methods: a path
 * nothing serves is a 404 for every method; a served path asked with another method is a 405
 * whose `allow` lists exactly the methods that path answers (GET implies HEAD). Errors become
 * answers through the one table of error-status.ts.
 */
export class Router {
  private readonly exact = new Map<string, Mounted[]>();
  /** Longest first, so that `/ct/v1` wins over `/ct`. */
  private readonly under: { path: string; rows: Mounted[] }[] = [];

  constructor(private readonly options: RouterOptions) {}

  /**
   * Adds a role's table. With `api` undefined the paths stay known, and answer 404 naming the
   * role that is not running here instead of a bare "no such endpoint".
   */
  mount<A>(endpoints: readonly Endpoint<A>[], api: A | undefined, role?: string): this {
    for (const endpoint of endpoints) {
      const row: Mounted = {
        endpoint: endpoint as Endpoint<unknown>,
        api,
        absentRole: api === undefined ? (role ?? 'unknown') : undefined,
      };
      if (endpoint.under) {
        let group = this.under.find((g) => g.path === endpoint.path);
        if (group === undefined) {
          group = { path: endpoint.path, rows: [] };
          this.under.push(group);
          this.under.sort((a, b) => b.path.length - a.path.length);
        }
        group.rows.push(row);
      } else {
        this.exact.set(endpoint.path, [...(this.exact.get(endpoint.path) ?? []), row]);
      }
    }
    return this;
  }

  /** The request listener: answers every request, and never rejects. */
  readonly handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const began = performance.now();
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const method = req.method ?? 'GET';
    const rows = this.rowsFor(path);
    const row = rows && pick(rows, method);
    try {
      if (rows === undefined) {
        throw new ServerError('NOT_FOUND', `no such endpoint: ${method} ${path}`);
      }
      // A role that does not run here serves none of its paths, whatever the method.
      const absent = (row ?? rows[0])?.absentRole;
      if (absent !== undefined) {
        throw new ServerError(
          'NOT_FOUND',
          `${path}: this instance does not run the ${absent} role (roles: ${this.options.roles.join(', ')})`,
        );
      }
      if (row === undefined) {
        throw new ServerError('METHOD_NOT_ALLOWED', `${method} ${path} is not supported`, {
          headers: { allow: allowOf(rows) },
        });
      }
      await row.endpoint.handle(row.api, req, res, path);
    } catch (error) {
      this.fail(res, path, error, row?.endpoint.errorStyle ?? 'grpc');
    } finally {
      const seconds = (performance.now() - began) / 1000;
      this.options.observe(row?.endpoint.name ?? 'unknown', res.statusCode, seconds);
    }
  };

  private rowsFor(path: string): Mounted[] | undefined {
    const exact = this.exact.get(path);
    if (exact !== undefined) return exact;
    return this.under.find((g) => path === g.path || path.startsWith(`${g.path}/`))?.rows;
  }

  private fail(res: ServerResponse, path: string, error: unknown, style: ErrorStyle): void {
    const { status, message, headers } = httpErrorOf(error);
    const { logger } = this.options;
    if (status >= 500) {
      logger.error('request failed', {
        path,
        status,
        error: String((error as Error)?.stack ?? error),
      });
    } else logger.debug('request refused', { path, status, reason: message });
    if (!res.headersSent) sendError(res, status, message, style, headers);
    else res.destroy();
  }
}

function pick(rows: Mounted[], method: string): Mounted | undefined {
  const wanted = method === 'HEAD' ? 'GET' : method;
  return rows.find((r) => r.endpoint.method === wanted || r.endpoint.method === '*');
}

function allowOf(rows: Mounted[]): string {
  const methods = new Set(rows.map((r) => r.endpoint.method));
  return [
    ...(methods.has('GET') ? ['GET', 'HEAD'] : []),
    ...(methods.has('POST') ? ['POST'] : []),
  ].join(', ');
}
