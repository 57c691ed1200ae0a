import type { IncomingMessage, ServerResponse } from 'node:http';
import { CaError } from '../../src/ca/error.js';
import type { FulcioApi } from '../../src/ca/fulcio.js';
import { OidcError } from '../../src/oidc/error.js';
import type { IssuerRegistry } from '../../src/oidc/issuers.js';
import type { Admission } from '../admission.js';
import { readBody, requireMediaType, sendJson } from '../http.js';
import type { RequestVerifier } from '../verify-pool.js';
import type { Logger } from '../logger.js';
import type { Counter } from '../metrics.js';
import type { Endpoint } from '../router.js';

export interface CaRoutes {
  signingCertificate(req: IncomingMessage, res: ServerResponse): Promise<void>;
  trustBundle(res: ServerResponse): void;
  configuration(res: ServerResponse): void;
}

/** The unverified issuer of a refused token, for the log; never the token itself. */
function claimedIssuer(body: Buffer, authorization: string | undefined): string | undefined {
  try {
    const parsed = JSON.parse(body.toString('utf8')) as {
      credentials?: { oidcIdentityToken?: unknown };
    } | null;
    const inBody = parsed?.credentials?.oidcIdentityToken;
    const token =
      typeof inBody === 'string' && inBody !== ''
        ? inBody
        : /^Bearer\s+(\S+)/i.exec(authorization ?? '')?.[1];
    if (token === undefined) return undefined;
    const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString());
    return typeof payload?.iss === 'string' ? payload.iss : undefined;
  } catch {
    return undefined;
  }
}

export interface CaLimits {
  maxBodyBytes: number;
  /** `ca.maxInFlight`. */
  admission: Admission;
}

export function caRoutes(
  api: FulcioApi,
  /** Admits requests (token, identity, proof of possession), in worker threads when there are some. */
  verifier: RequestVerifier,
  registry: IssuerRegistry,
  limits: CaLimits,
  issued: Counter,
  logger: Logger,
): CaRoutes {
  const trustBundle = api.trustBundle();
  const configuration = registry.configurationJson();
  return {
    signingCertificate(req, res) {
      return limits.admission.run(
        req,
        () => issue(req, res),
        () => issued.inc({ result: 'pushback' }),
      );
    },
    trustBundle(res) {
      sendJson(res, 200, trustBundle);
    },
    configuration(res) {
      sendJson(res, 200, configuration);
    },
  };

  async function issue(req: IncomingMessage, res: ServerResponse): Promise<void> {
    requireMediaType(req, ['application/json']);
    const body = await readBody(req, limits.maxBodyBytes);
    try {
      const result = await api.issue(await verifier.admit(body, req.headers.authorization));
      issued.inc({ result: 'issued' });
      logger.info('certificate issued', {
        serial: result.serial.toString('hex'),
        identity: result.identity.san.value,
        issuer: result.identity.issuer,
      });
      sendJson(res, 200, result.response);
    } catch (error) {
      if (error instanceof OidcError || error instanceof CaError) {
        issued.inc({ result: error.code.toLowerCase() });
        logger.info('certificate refused', {
          code: error.code,
          reason: error.message,
          issuer: claimedIssuer(body, req.headers.authorization),
        });
      }
      throw error;
    }
  }
}

export const CA_ENDPOINTS: readonly Endpoint<CaRoutes>[] = [
  {
    method: 'POST',
    path: '/api/v2/signingCert',
    name: 'signing_cert',
    handle: (api, req, res) => api.signingCertificate(req, res),
  },
  {
    method: 'GET',
    path: '/api/v2/trustBundle',
    name: 'trust_bundle',
    handle: (api, _req, res) => api.trustBundle(res),
  },
  {
    method: 'GET',
    path: '/api/v2/configuration',
    name: 'configuration',
    handle: (api, _req, res) => api.configuration(res),
  },
];
